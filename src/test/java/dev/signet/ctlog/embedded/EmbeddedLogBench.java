package dev.signet.ctlog.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.bench.ServerProbe;
import dev.signet.ctlog.TestChains;
import dev.signet.ctlog.embedded.local.LocalLogStorage;
import dev.signet.testing.PackagedSignet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark of the embedded log alone (not a test: it asserts only that the runs worked):
 * {@code add-pre-chain} entries/s and latency percentiles, closed loop at several in-flight
 * counts for a fixed time each, once in-process against {@link EmbeddedLog} and once over HTTP
 * against the packaged Signet, so the HTTP share shows. Run with {@code ./mvnw -B -o verify -Pbench}
 * (see docs/performance.md); one JSON line per run, then a markdown table, go to stdout and to
 * {@code target/bench/}.
 *
 * <p>Settings: {@code -Dbench.periods=50ms,250ms -Dbench.concurrency=1,8,64,256,1024 -Dbench.seconds=8
 * -Dbench.warmup=20 -Dbench.modes=in-process,http}.
 */
@Tag("packaged")
class EmbeddedLogBench {
    private static final List<Duration> PERIODS = Arrays.stream(System.getProperty("bench.periods", "50ms,250ms")
            .split(",")).map(EmbeddedLogBench::duration).toList();
    private static final List<Integer> CONCURRENCY =
            Arrays.stream(System.getProperty("bench.concurrency", "1,8,64,256,1024")
                    .split(",")).map(String::trim).map(Integer::valueOf).toList();
    private static final Duration MEASURE = Duration.ofMillis((long) (1000 * Double.parseDouble(
            System.getProperty("bench.seconds", "8"))));
    private static final Duration WARMUP = Duration.ofMillis((long) (1000 * Double.parseDouble(
            System.getProperty("bench.warmup", "20"))));
    private static final List<String> MODES = List.of(System.getProperty("bench.modes", "in-process,http").split(","));
    /** Distinct precertificates, cycled: the log does not deduplicate, and each submission is validated anew. */
    private static final int CHAINS = 1024;
    private static final double TARGET_ENTRIES_PER_S = 5000;
    private static final long TARGET_P99_SLACK_MS = 50;

    @TempDir
    Path temp;

    /** One measured run. */
    record Run(String mode, long periodMs, int concurrency, double seconds, long entries, long errors,
            Histogram latencyMicros, double cpuMicrosPerEntry, String loadStart, String loadEnd) {
        double entriesPerSecond() {
            return entries / seconds;
        }

        double percentileMs(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        boolean p99Met() {
            return percentileMs(99) <= periodMs + TARGET_P99_SLACK_MS;
        }

        String json() {
            return String.format(Locale.ROOT, "{\"bench\":\"embedded-log\",\"mode\":\"%s\",\"period_ms\":%d,"
                    + "\"concurrency\":%d,\"seconds\":%.1f,\"entries\":%d,\"errors\":%d,\"entries_per_s\":%.0f,"
                    + "\"p50_ms\":%.1f,\"p90_ms\":%.1f,\"p99_ms\":%.1f,\"p999_ms\":%.1f,\"max_ms\":%.1f,"
                    + "\"cpu_us_per_entry\":%.0f,\"p99_target_met\":%s,\"load_avg_start\":\"%s\","
                    + "\"load_avg_end\":\"%s\",\"cores\":%d,\"jdk\":\"%s\"}",
                    mode, periodMs, concurrency, seconds, entries, errors, entriesPerSecond(), percentileMs(50),
                    percentileMs(90), percentileMs(99), percentileMs(99.9), latencyMicros.getMaxValue() / 1000.0,
                    cpuMicrosPerEntry, p99Met(), loadStart, loadEnd, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
        }

        String markdownRow() {
            return String.format(Locale.ROOT,
                    "| %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.0f | %d | %s | %s |",
                    mode, periodMs, concurrency, entriesPerSecond(), percentileMs(50), percentileMs(90),
                    percentileMs(99), percentileMs(99.9), cpuMicrosPerEntry, errors, p99Met() ? "yes" : "no",
                    loadStart);
        }
    }

    /** Submits one pre-built chain; throws on any failure. */
    @FunctionalInterface
    interface Submitter {
        CompletableFuture<Void> submit(int chain);
    }

    @Test
    void addPreChainThroughput() throws Exception {
        TestChains chains = new TestChains("Bench Root");
        // TestChains' signer is not thread-safe: every precertificate is built here, before timing.
        List<List<byte[]>> prebuilt = new ArrayList<>(CHAINS);
        for (int i = 0; i < CHAINS; i++) {
            prebuilt.add(chains.precertChain(chains.precert("bench-" + i + "@example.com")));
        }
        List<Run> runs = new ArrayList<>();
        for (Duration period : PERIODS) {
            if (MODES.contains("in-process")) {
                runs.addAll(inProcess(period, chains, prebuilt));
            }
            if (MODES.contains("http")) {
                runs.addAll(overHttp(period, chains, prebuilt));
            }
        }
        report(runs);
        for (Run run : runs) {
            assertEquals(0, run.errors(), "errors in " + run.json());
            assertTrue(run.entries() > 0, "no entry in " + run.json());
        }
    }

    private List<Run> inProcess(Duration period, TestChains chains, List<List<byte[]>> prebuilt) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int concurrency : CONCURRENCY) {
            Path directory = temp.resolve("in-process-" + period.toMillis() + "-" + concurrency);
            EmbeddedLogOptions options = EmbeddedLogOptions.of(directory, "bench.signet.local/log",
                    LogKeys.generate(), List.of(chains.root())).withPeriod(period);
            ExecutorService clients = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
            try (EmbeddedLog log = LocalLogStorage.open(options)) {
                // As Signet's own callers do since the asynchronous path: a submission is validated on a
                // small pool (the role of Quarkus' workers) and nothing waits for the flush.
                Submitter submitter = index -> CompletableFuture
                        .supplyAsync(() -> log.submitPreChain(prebuilt.get(index)), clients)
                        .thenCompose(stage -> stage).thenAccept(sct -> {
                        });
                runs.add(closedLoop("in-process", period, concurrency, prebuilt.size(), submitter,
                        ServerProbe::ownCpuNanos));
            } finally {
                clients.shutdownNow();
            }
        }
        return runs;
    }

    private List<Run> overHttp(Duration period, TestChains chains, List<List<byte[]>> prebuilt) throws Exception {
        Path roots = temp.resolve("bench-roots.pem");
        Files.writeString(roots, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(chains.rootDer())
                + "\n-----END CERTIFICATE-----\n");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("signet.data-dir", temp.resolve("http-" + period.toMillis()).toString());
        properties.put("signet.ctlog.embedded.period", period.toMillis() + "ms");
        properties.put("signet.ctlog.embedded.roots", roots.toString());
        properties.put("quarkus.log.level", "WARN");
        List<String> bodies = new ArrayList<>(prebuilt.size());
        for (List<byte[]> chain : prebuilt) {
            bodies.add("{\"chain\":[\"" + Base64.getEncoder().encodeToString(chain.get(0)) + "\",\""
                    + Base64.getEncoder().encodeToString(chain.get(1)) + "\"]}");
        }
        List<Run> runs = new ArrayList<>();
        try (PackagedSignet signet = PackagedSignet.startReady(temp.resolve("logs"), "bench-" + period.toMillis(),
                properties)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = URI.create(signet.baseUrl() + "/log/ct/v1/add-pre-chain");
            Submitter submitter = index -> client.sendAsync(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(index))).build(),
                    HttpResponse.BodyHandlers.discarding())
                    .thenAccept(response -> {
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("add-pre-chain answered " + response.statusCode());
                        }
                    });
            for (int concurrency : CONCURRENCY) {
                runs.add(closedLoop("http", period, concurrency, prebuilt.size(), submitter,
                        () -> ServerProbe.processCpuNanos(signet.pid())));
            }
        }
        return runs;
    }

    /**
     * {@code concurrency} requests always in flight for warm-up plus the measured time; each slot
     * sends its next request when the previous one answers. Latency is recorded from send to answer.
     */
    private static Run closedLoop(String mode, Duration period, int concurrency, int chainCount, Submitter submitter,
            CpuClock cpu) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long measureFrom = start + WARMUP.toNanos();
        long end = measureFrom + MEASURE.toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        Slot[] slots = new Slot[concurrency];
        for (int i = 0; i < concurrency; i++) {
            slots[i] = new Slot(submitter, chainCount, next, recorder, completed, errors, measureFrom, end, done);
        }
        String loadStart = ServerProbe.loadAverage();
        for (Slot slot : slots) {
            slot.sendNext();
        }
        long cpuAtMeasure = cpuAt(measureFrom, cpu);
        long cpuAtEnd = cpuAt(end, cpu);
        long measuredEntries = completed.get();
        long measuredErrors = errors.get();
        Histogram latency = recorder.getIntervalHistogram();
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still in flight 60 s after the run");
        }
        double seconds = MEASURE.toNanos() / 1e9;
        double cpuPerEntry = measuredEntries == 0 || cpuAtMeasure < 0 ? 0
                : (cpuAtEnd - cpuAtMeasure) / 1000.0 / measuredEntries;
        Run run = new Run(mode, period.toMillis(), concurrency, seconds, measuredEntries, measuredErrors, latency,
                cpuPerEntry, loadStart, ServerProbe.loadAverage());
        System.out.println(run.json());
        return run;
    }

    /** One in-flight request, re-sent as soon as it completes, until the end of the run. */
    private static final class Slot {
        private final Submitter submitter;
        private final int chainCount;
        private final AtomicInteger next;
        private final Recorder recorder;
        private final AtomicLong completed;
        private final AtomicLong errors;
        private final long measureFrom;
        private final long end;
        private final CountDownLatch done;

        Slot(Submitter submitter, int chainCount, AtomicInteger next, Recorder recorder, AtomicLong completed,
                AtomicLong errors, long measureFrom, long end, CountDownLatch done) {
            this.submitter = submitter;
            this.chainCount = chainCount;
            this.next = next;
            this.recorder = recorder;
            this.completed = completed;
            this.errors = errors;
            this.measureFrom = measureFrom;
            this.end = end;
            this.done = done;
        }

        void sendNext() {
            long sent = System.nanoTime();
            if (sent >= end) {
                done.countDown();
                return;
            }
            submitter.submit(Math.floorMod(next.getAndIncrement(), chainCount)).whenComplete((ignored, failure) -> {
                record(sent, failure == null);
                sendNext();
            });
        }

        private void record(long sent, boolean ok) {
            long now = System.nanoTime();
            // Only answers that arrive inside the measured window count; warm-up and overrun do not.
            if (now < measureFrom || now >= end) {
                return;
            }
            if (ok) {
                recorder.recordValue(Math.max(1, (now - sent) / 1000));
                completed.incrementAndGet();
            } else {
                errors.incrementAndGet();
            }
        }
    }

    /** CPU nanoseconds used so far by the process doing the log work. */
    @FunctionalInterface
    interface CpuClock {
        long nanos();
    }

    private static long cpuAt(long nanoTime, CpuClock cpu) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        return cpu.nanos();
    }

    private static void report(List<Run> runs) throws IOException {
        StringBuilder table = new StringBuilder();
        table.append("| mode | period ms | in flight | entries/s | p50 ms | p90 ms | p99 ms | p99.9 ms | CPU µs/entry "
                + "| errors | p99 ≤ period+50ms | load avg (1/5/15 min) |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        StringBuilder lines = new StringBuilder();
        for (Run run : runs) {
            table.append(run.markdownRow()).append('\n');
            lines.append(run.json()).append('\n');
        }
        Optional<Run> best = runs.stream().max((a, b) -> Double.compare(a.entriesPerSecond(), b.entriesPerSecond()));
        String summary = best.map(run -> String.format(Locale.ROOT,
                "Best: %.0f entries/s (%s, period %d ms, %d in flight); target %.0f entries/s %s.",
                run.entriesPerSecond(), run.mode(), run.periodMs(), run.concurrency(), TARGET_ENTRIES_PER_S,
                run.entriesPerSecond() >= TARGET_ENTRIES_PER_S ? "met" : "NOT met")).orElse("no runs");
        System.out.println();
        System.out.println(table);
        System.out.println(summary);
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("embedded-log.jsonl"), lines);
        Files.writeString(out.resolve("embedded-log.md"), table + "\n" + summary + "\n");
    }

    private static Duration duration(String text) {
        String value = text.trim();
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
        }
        return Duration.ofMillis(Long.parseLong(value));
    }
}
