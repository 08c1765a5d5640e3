package dev.signet.ca.kms;

import com.sun.management.OperatingSystemMXBean;
import dev.signet.ca.TestPki;
import dev.signet.certificate.LeafProfile;
import dev.signet.codec.BouncyCastle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: what a KMS signature costs Signet, against the loopback stand-ins running in a
 * process of their own ({@link KmsStandIns}), next to a file key signing in memory, in one run so
 * that only ratios are compared. A KMS signature is {@link KmsSigningKey#sign(byte[])} of a 1 KiB
 * TBS, the asynchronous path issuance uses: hash, the call through the service's official client,
 * verification of the returned signature. Signet's CPU is this process's CPU time (every thread:
 * the clients' I/O threads, the JIT and GC included), as the operating system counts it.
 * Run with {@code java -cp target/classes:target/test-classes:<deps> dev.signet.ca.kms.KmsSignBenchmark [P-256|P-384 ...]}.
 */
public final class KmsSignBenchmark {

    private static final int WARMUP = Integer.getInteger("kms.bench.warmup", 3_000);
    private static final int ROUNDS = Integer.getInteger("kms.bench.rounds", 3_000);
    private static final int CONCURRENCY = 32;
    /** One stand-in's class name, to profile one client alone (JFR); empty for all three. */
    private static final String ONLY = System.getProperty("kms.bench.only", "");
    private static final int BOUND = 64;
    private static final byte[] TBS = new byte[1024];
    private static final String WATCHER = "bench-in-flight-watcher";
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private KmsSignBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        TestPki.RANDOM.nextBytes(TBS);
        AwsKmsJsonServer.useTestCredentials();
        List<String> keyTypes = args.length > 0 ? List.of(args) : List.of("P-256", "P-384");
        for (String keyType : keyTypes) {
            run(keyType);
        }
        System.exit(0);
    }

    private static void run(String keyType) throws Exception {
        KeyPair file = TestPki.keyPair(keyType);
        String jca = keyType.equals("P-256") ? "SHA256withECDSA" : "SHA384withECDSA";
        Measure fileKey = measure(() -> {
            Signature signature = Signature.getInstance(jca, BouncyCastle.PROVIDER);
            signature.initSign(file.getPrivate());
            signature.update(TBS);
            return CompletableFuture.completedFuture(signature.sign());
        }, 1);
        Signature reference = Signature.getInstance(jca, BouncyCastle.PROVIDER);
        reference.initSign(file.getPrivate());
        reference.update(TBS);
        byte[] signed = reference.sign();
        Measure verify = measure(() -> {
            Signature signature = Signature.getInstance(jca, BouncyCastle.PROVIDER);
            signature.initVerify(file.getPublic());
            signature.update(TBS);
            return CompletableFuture.completedFuture(signature.verify(signed));
        }, 1);
        System.out.printf("%s file key sign: %.1f us process CPU, %.1f us Java threads; hash + verify of a signature "
                + "alone: %.1f us process, %.1f us Java threads%n", keyType, fileKey.cpuMicros, fileKey.javaCpuMicros,
                verify.cpuMicros, verify.javaCpuMicros);

        Process standIns = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KmsStandIns.class.getName(), keyType)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(standIns.getInputStream(),
                StandardCharsets.UTF_8));
                PrintWriter in = new PrintWriter(standIns.getOutputStream(), true,
                        StandardCharsets.UTF_8)) {
            List<String[]> services = new ArrayList<>();
            for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
                if (line == null) {
                    throw new IllegalStateException("the stand-ins did not start");
                }
                services.add(line.split(" "));
            }
            for (String[] service : services) {
                if (!ONLY.isEmpty() && !service[0].equals(ONLY)) {
                    continue;
                }
                Path chain = Path.of(service[2]);
                Duration timeout = Duration.ofSeconds(30);
                KmsSettings settings = switch (service[0]) {
                    case "AwsKmsJsonServer" -> AwsKmsJsonServer.settings(service[1], chain, timeout, BOUND);
                    case "VaultTransitServer" -> VaultTransitServer.settings(service[1], chain, timeout, BOUND);
                    default -> GcpKmsGrpcServer.settings(service[1], chain, timeout, BOUND);
                };
                try (KmsCa ca = KmsCa.open(settings, new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(),
                        TestPki.RANDOM), Clock.systemUTC())) {
                    KmsSigningKey key = (KmsSigningKey) ca.material().signingKey();
                    Job sign = () -> key.sign(TBS).toCompletableFuture();
                    Measure serial = measure(sign, 1);
                    Measure parallel = measure(sign, CONCURRENCY);
                    in.println("latency 20");
                    out.readLine();
                    AtomicInteger peak = new AtomicInteger();
                    Thread watcher = new Thread(() -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            peak.accumulateAndGet(key.inFlight(), Math::max);
                            try {
                                Thread.sleep(2);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }, WATCHER);
                    watcher.start();
                    long watcherBefore = THREADS.getThreadCpuTime(watcher.getId());
                    Measure slow = measure(sign, CONCURRENCY, 200, 1_200);
                    double watcherMicros = (THREADS.getThreadCpuTime(watcher.getId()) - watcherBefore) / 1e3 / 1_200;
                    watcher.interrupt();
                    in.println("latency 0");
                    out.readLine();
                    System.out.printf("%s %s: 1 in flight: %.1f us process CPU/signature (%.1fx file key), %.1f us "
                            + "Java threads (%.1fx); beyond hash + verify: %.1f us process, %.1f us Java threads; "
                            + "%d in flight: %.1f us process, %.1f us Java threads, %.0f signatures/s; "
                            + "20 ms service latency, %d chains: peak %d in flight, %.0f signatures/s, %.1f us "
                            + "process CPU/signature%n",
                            keyType, service[0], serial.cpuMicros, serial.cpuMicros / fileKey.cpuMicros,
                            serial.javaCpuMicros, serial.javaCpuMicros / fileKey.javaCpuMicros,
                            serial.cpuMicros - verify.cpuMicros, serial.javaCpuMicros - verify.javaCpuMicros,
                            CONCURRENCY, parallel.cpuMicros, parallel.javaCpuMicros, 1e6 / parallel.wallMicros,
                            CONCURRENCY, peak.get(), 1e6 / slow.wallMicros, slow.cpuMicros - watcherMicros);
                }
            }
        }
        standIns.waitFor();
    }

    /**
     * INFO, as Signet runs: outside Quarkus the log manager leaves every logger at ALL, and the
     * clients' debug logging (the AWS SDK's per-request lines, Netty's hex dumps) then costs more than
     * the call itself.
     */
    static void quietLogging() {
        org.jboss.logmanager.LogContext.getSystemLogContext().getLogger("").setLevel(java.util.logging.Level.INFO);
    }

    /** One signature, started; completes when it is made. */
    @FunctionalInterface
    interface Job {
        CompletableFuture<?> start() throws Exception;
    }

    /**
     * @param cpuMicros     process CPU per signature (every thread: JIT, GC and the clients' included)
     * @param javaCpuMicros CPU per signature of the Java threads alone (the code that runs per call)
     */
    record Measure(double cpuMicros, double javaCpuMicros, double wallMicros) {
    }

    private static Measure measure(Job job, int concurrency) throws Exception {
        return measure(job, concurrency, WARMUP, ROUNDS);
    }

    /** Process CPU and wall time per signature, {@code concurrency} signatures kept in flight. */
    private static Measure measure(Job job, int concurrency, int warmup, int rounds) throws Exception {
        run(job, concurrency, warmup);
        long cpu = OS.getProcessCpuTime();
        long java = javaThreadsCpu();
        long start = System.nanoTime();
        run(job, concurrency, rounds);
        long wall = System.nanoTime() - start;
        long used = OS.getProcessCpuTime() - cpu;
        long javaUsed = javaThreadsCpu() - java;
        return new Measure(used / 1e3 / rounds, javaUsed / 1e3 / rounds, wall / 1e3 / rounds);
    }

    /**
     * Makes {@code rounds} signatures, {@code concurrency} chains of them at a time: each chain starts
     * its next signature when the previous one completes, so no thread waits for one (only this
     * thread, for the whole batch).
     */
    private static void run(Job job, int concurrency, int rounds) throws Exception {
        if (concurrency == 1) {
            for (int i = 0; i < rounds; i++) {
                job.start().join();
            }
            return;
        }
        AtomicInteger left = new AtomicInteger(rounds);
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            next(job, left, done);
            chains.add(done);
        }
        CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).join();
    }

    /** CPU time of every live Java thread but the in-flight sampler (a thread that ended takes its time along). */
    private static long javaThreadsCpu() {
        long total = 0;
        for (long id : THREADS.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info != null && !info.getThreadName().equals(WATCHER) && cpu > 0) {
                total += cpu;
            }
        }
        return total;
    }

    private static void next(Job job, AtomicInteger left, CompletableFuture<Void> done) {
        if (left.getAndDecrement() <= 0) {
            done.complete(null);
            return;
        }
        try {
            job.start().whenComplete((result, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                } else {
                    next(job, left, done);
                }
            });
        } catch (Exception e) {
            done.completeExceptionally(e);
        }
    }
}
