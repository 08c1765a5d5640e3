package dev.signet.ca.kms;

import dev.signet.ca.TestPki;
import dev.signet.codec.BouncyCastle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: what a KMS signature costs Signet, against the loopback stand-ins, next to a file
 * key signing in memory, in one run so that only ratios are compared. Signet's CPU is the CPU of
 * every Java thread except the stand-in's own ({@value FakeKmsServer#THREAD_PREFIX}*, the JDK HTTP
 * server's dispatcher) and the benchmark's own in-flight sampler. Run with {@code java -cp target/classes:target/test-classes:<deps>
 * dev.signet.ca.kms.KmsSignBenchmark}.
 */
public final class KmsSignBenchmark {

    private static final int WARMUP = 1_500;
    private static final int ROUNDS = 1_500;
    private static final int CONCURRENCY = 32;
    private static final byte[] TBS = new byte[1024];
    /** One pool for the whole run: a thread that ended between two readings would take its CPU time along. */
    private static final ExecutorService CALLERS = Executors.newFixedThreadPool(CONCURRENCY);
    private static final String WATCHER = "bench-in-flight-watcher";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        TestPki.RANDOM.nextBytes(TBS);
        for (String keyType : new String[] {"P-256", "P-384"}) {
            KeyPair file = TestPki.keyPair(keyType);
            String jca = keyType.equals("P-256") ? "SHA256withECDSA" : "SHA384withECDSA";
            Measure fileKey = measure(() -> {
                Signature signature = Signature.getInstance(jca, BouncyCastle.PROVIDER);
                signature.initSign(file.getPrivate());
                signature.update(TBS);
                signature.sign();
            }, 1);
            Signature reference = Signature.getInstance(jca, BouncyCastle.PROVIDER);
            reference.initSign(file.getPrivate());
            reference.update(TBS);
            byte[] signed = reference.sign();
            Measure verify = measure(() -> {
                Signature signature = Signature.getInstance(jca, BouncyCastle.PROVIDER);
                signature.initVerify(file.getPublic());
                signature.update(TBS);
                signature.verify(signed);
            }, 1);
            System.out.printf("%s file key sign: %.1f us CPU, %.1f us wall; BC verify alone %.1f us CPU%n", keyType,
                    fileKey.cpuMicros, fileKey.wallMicros, verify.cpuMicros);
            for (FakeKmsServer server : List.of(new AwsKmsJsonServer(keyType), new VaultTransitServer(keyType))) {
                try (server) {
                    Path chain = server.chainFile(Path.of(System.getProperty("java.io.tmpdir")));
                    try (KmsCa ca = KmsCa.open(server.settings(chain, Duration.ofSeconds(30)),
                            new dev.signet.certificate.LeafProfile(Duration.ofMinutes(10),
                                    java.time.Clock.systemUTC(), TestPki.RANDOM), java.time.Clock.systemUTC())) {
                        KmsSigningKey key = (KmsSigningKey) ca.material().signingKey();
                        Job sign = () -> {
                            Signature signature = Signature.getInstance(jca, KmsProvider.INSTANCE);
                            signature.initSign(key);
                            signature.update(TBS);
                            signature.sign();
                        };
                        Measure serial = measure(sign, 1);
                        Measure parallel = measure(sign, CONCURRENCY);
                        server.latency = Duration.ofMillis(20);
                        AtomicInteger peak = new AtomicInteger();
                        Thread watcher = new Thread(() -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                peak.accumulateAndGet(key.inFlight(), Math::max);
                                try {
                                    Thread.sleep(1);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        }, WATCHER);
                        watcher.start();
                        Measure slow = measure(sign, CONCURRENCY, 100, 600);
                        watcher.interrupt();
                        server.latency = Duration.ZERO;
                        System.out.printf("%s %s: serial %.1f us Signet CPU, %.1f us wall (%.1fx file key CPU, "
                                        + "%.1fx wall); %d callers: %.1f us Signet CPU/signature, %.0f signatures/s; "
                                        + "20 ms service latency, %d callers: peak %d in flight, %.0f signatures/s, "
                                        + "%.1f us Signet CPU/signature%n",
                                keyType, server.getClass().getSimpleName(), serial.cpuMicros, serial.wallMicros,
                                serial.cpuMicros / fileKey.cpuMicros, serial.wallMicros / fileKey.wallMicros,
                                CONCURRENCY, parallel.cpuMicros, 1e6 / parallel.wallMicros, CONCURRENCY, peak.get(),
                                1e6 / slow.wallMicros, slow.cpuMicros);
                    }
                }
            }
        }
        System.exit(0);
    }

    @FunctionalInterface
    interface Job {
        void run() throws Exception;
    }

    record Measure(double cpuMicros, double wallMicros) {
    }

    private static Measure measure(Job job, int concurrency) throws Exception {
        return measure(job, concurrency, WARMUP, ROUNDS);
    }

    /** Signet CPU per call (all threads but the stand-in's) and wall time per call, {@code concurrency} callers. */
    private static Measure measure(Job job, int concurrency, int warmup, int rounds) throws Exception {
        run(job, concurrency, warmup);
        long cpu = signetCpuNanos();
        long start = System.nanoTime();
        run(job, concurrency, rounds);
        long wall = System.nanoTime() - start;
        long used = signetCpuNanos() - cpu;
        return new Measure(used / 1e3 / rounds, wall / 1e3 / rounds);
    }

    private static void run(Job job, int concurrency, int rounds) throws Exception {
        if (concurrency == 1) {
            for (int i = 0; i < rounds; i++) {
                job.run();
            }
            return;
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        AtomicInteger left = new AtomicInteger(rounds);
        for (int c = 0; c < concurrency; c++) {
            all.add(CompletableFuture.runAsync(() -> {
                while (left.getAndDecrement() > 0) {
                    try {
                        job.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, CALLERS));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    private static long signetCpuNanos() {
        long total = 0;
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            if (info == null || info.getThreadName().startsWith(FakeKmsServer.THREAD_PREFIX)
                    || info.getThreadName().startsWith("HTTP-Dispatcher") || info.getThreadName().equals(WATCHER)) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(id);
            if (cpu > 0) {
                total += cpu;
            }
        }
        return total;
    }
}
