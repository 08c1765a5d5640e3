package dev.signet.bench;

import static dev.signet.bench.BenchSettings.list;
import static dev.signet.bench.BenchSettings.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.TestPki;
import dev.signet.ctlog.TestChains;
import dev.signet.testing.PackagedSignet;
import dev.signet.testing.PrivatePostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared PostgreSQL log with 1, 2 and 3 replicas against the local backend (issue #20; not a test:
 * it asserts only that the runs worked). Each run starts fresh packaged Signet replicas (and, for
 * {@code postgresql}, a fresh private PostgreSQL 15 cluster with {@code pg_stat_statements}), then
 * drives {@code POST /log/ct/v1/add-pre-chain} in a closed loop, spread round-robin over the replicas,
 * with distinct precertificates built before any timing (a chain already in the log would be answered
 * from the deduplication index and cost nothing). It reports entries per second and latency
 * percentiles, the replicas' CPU per entry beside the local backend's, and the database's share: its
 * processes' CPU, transactions per flush, WAL and stored bytes per entry, from
 * {@code pg_stat_database}, {@code pg_stat_statements}, {@code pg_current_wal_lsn()} and
 * {@code pg_database_size()} read before and after the measured window.
 *
 * <p>Run with {@code ./mvnw -B -o verify -Pbench -Dit.test=SharedLogBench}; settings are in docs/performance.md.
 */
@Tag("packaged")
class SharedLogBench {
    private static final boolean SMOKE = Boolean.getBoolean("bench.smoke");
    /** Runs as {@code storage:replicas}. */
    private static final List<String> RUNS =
            list("bench.shared-runs", "local:1,postgresql:1,postgresql:2,postgresql:3");
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 256);
    private static final Duration WARMUP = seconds("bench.warmup", SMOKE ? 5 : 60);
    private static final Duration MEASURE = seconds("bench.seconds", SMOKE ? 5 : 20);
    private static final String PERIOD = System.getProperty("bench.period", "250ms");
    private static final String HEAP = System.getProperty("bench.server-heap", "256m");
    /** Distinct precertificates built for each run; a run that uses them all stops sending (reported). */
    private static final int ENTRIES = Integer.getInteger("bench.entries", SMOKE ? 8000 : 120000);
    private static final String PUBLIC_URL = "https://signet.example.test";
    private static final long TIMEOUT_MILLIS = 30_000;

    @TempDir
    Path temp;

    @Test
    void sharedLogAgainstTheLocalBackend() throws Exception {
        if (RUNS.stream().anyMatch(run -> run.startsWith("postgresql"))) {
            PrivatePostgres.assumeAvailable();
        }
        Path roots = temp.resolve("roots.pem");
        Path logKey = temp.resolve("log-key.pem");
        Files.write(logKey, TestPki.unencryptedPkcs8Pem(TestPki.keyPair("P-256").getPrivate()));
        int builders = Runtime.getRuntime().availableProcessors();
        List<TestChains> chains = new ArrayList<>();
        for (int i = 0; i < builders; i++) {
            chains.add(new TestChains("Shared Log Bench Root " + i));
        }
        Files.write(roots, TestPki.certificatesPem(chains.stream().map(TestChains::root).toList()));

        List<Run> runs = new ArrayList<>();
        int number = 0;
        for (String spec : RUNS) {
            String storage = spec.substring(0, spec.indexOf(':'));
            int replicas = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
            List<String> bodies = bodies(chains, number++);
            Run run = storage.equals("postgresql") ? onPostgres(replicas, bodies, roots, logKey, number)
                    : onLocalDisk(replicas, bodies, roots, number);
            System.out.println(run.json());
            runs.add(run);
        }
        report(runs);
        for (Run run : runs) {
            assertTrue(run.entries() > 0, "no entry in " + run.json());
            assertEquals(0, run.errors(), "errors in " + run.json());
        }
    }

    private Run onLocalDisk(int replicas, List<String> bodies, Path roots, int number) throws Exception {
        assertEquals(1, replicas, "the local backend is one writer");
        Map<String, String> properties = properties(roots, number, 0);
        try (PackagedSignet signet = PackagedSignet.startReady(BenchReport.DIRECTORY, "shared-log-local-" + number,
                properties, List.of("-Xmx" + HEAP))) {
            Measured measured = closedLoop(List.of(signet), bodies, () -> new long[] {0, 0, 0, 0, 0});
            return new Run("local", 1, measured, null);
        }
    }

    private Run onPostgres(int replicas, List<String> bodies, Path roots, Path logKey, int number) throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start("shared_preload_libraries=pg_stat_statements",
                "pg_stat_statements.track=all")) {
            postgres.sql("CREATE EXTENSION pg_stat_statements");
            List<PackagedSignet> fleet = new ArrayList<>();
            try {
                for (int replica = 0; replica < replicas; replica++) {
                    Map<String, String> properties = properties(roots, number, replica);
                    // One log key for all replicas, as a shared log requires (local storage keeps its own).
                    properties.put("signet.ctlog.embedded.key", logKey.toString());
                    properties.put("signet.ctlog.embedded.storage", "postgresql");
                    properties.put("signet.ctlog.embedded.postgresql.url", postgres.jdbcUrl());
                    properties.put("signet.ctlog.embedded.postgresql.user", PrivatePostgres.USER);
                    properties.putAll(BenchSettings.serverProperties());
                    fleet.add(PackagedSignet.startReady(BenchReport.DIRECTORY, "shared-log-postgresql-" + number + "-"
                            + replica, properties, List.of("-Xmx" + HEAP)));
                }
                DatabaseProbe database = new DatabaseProbe(postgres);
                Measured measured = closedLoop(fleet, bodies, database::counters);
                return new Run("postgresql", replicas, measured, database.statements());
            } finally {
                for (PackagedSignet signet : fleet) {
                    signet.close();
                }
            }
        }
    }

    private Map<String, String> properties(Path roots, int number, int replica) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("signet.data-dir", temp.resolve("data-" + number + "-" + replica).toString());
        properties.put("signet.public-url", PUBLIC_URL);
        properties.put("signet.ctlog.embedded.roots", roots.toString());
        properties.put("signet.ctlog.embedded.period", PERIOD);
        properties.put("quarkus.log.level", "WARN");
        return properties;
    }

    /** {@link #ENTRIES} fresh {@code add-pre-chain} bodies, built on one thread per core (one test root each). */
    private static List<String> bodies(List<TestChains> chains, int run) throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(chains.size());
        try {
            List<Future<List<String>>> parts = new ArrayList<>();
            int share = (ENTRIES + chains.size() - 1) / chains.size();
            for (int builder = 0; builder < chains.size(); builder++) {
                TestChains own = chains.get(builder);
                int first = builder * share;
                parts.add(pool.submit(() -> {
                    List<String> bodies = new ArrayList<>(share);
                    for (int i = first; i < first + share; i++) {
                        List<byte[]> chain = own.precertChain(own.precert("run" + run + "-entry" + i + "@example.com"));
                        bodies.add("{\"chain\":[\"" + Base64.getEncoder().encodeToString(chain.get(0)) + "\",\""
                                + Base64.getEncoder().encodeToString(chain.get(1)) + "\"]}");
                    }
                    return bodies;
                }));
            }
            List<String> all = new ArrayList<>(ENTRIES);
            for (Future<List<String>> part : parts) {
                all.addAll(part.get());
            }
            System.out.printf(Locale.ROOT, "built %d precertificate chains in %.1f s%n", all.size(),
                    (System.nanoTime() - started) / 1e9);
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The database's counters at one instant; see {@link DatabaseProbe#counters()}. */
    @FunctionalInterface
    interface Counters {
        long[] read() throws Exception;
    }

    /**
     * {@link #CONCURRENCY} requests always in flight, request {@code i} to replica {@code i mod n};
     * a warm-up, then the measured window, in which only answers that arrive count.
     */
    private static Measured closedLoop(List<PackagedSignet> fleet, List<String> bodies, Counters database)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<URI> uris =
                fleet.stream().map(signet -> URI.create(signet.baseUrl() + "/log/ct/v1/add-pre-chain")).toList();
        Recorder latency = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long measureFrom = start + WARMUP.toNanos();
        long end = measureFrom + MEASURE.toNanos();
        CountDownLatch done = new CountDownLatch(CONCURRENCY);
        Runnable[] slots = new Runnable[CONCURRENCY];
        for (int i = 0; i < CONCURRENCY; i++) {
            Runnable[] self = new Runnable[1];
            self[0] = () -> {
                long sent = System.nanoTime();
                int index = next.getAndIncrement();
                if (sent >= end || index >= bodies.size()) {
                    done.countDown();
                    return;
                }
                client.sendAsync(HttpRequest.newBuilder(uris.get(index % uris.size()))
                        .header("Content-Type", "application/json").timeout(Duration.ofMillis(TIMEOUT_MILLIS))
                        .POST(HttpRequest.BodyPublishers.ofString(bodies.get(index))).build(),
                        HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                            long now = System.nanoTime();
                            if (now >= measureFrom && now < end) {
                                if (failure == null && response.statusCode() == 200) {
                                    latency.recordValue(Math.max(1, (now - sent) / 1000));
                                    ok.incrementAndGet();
                                } else {
                                    errors.incrementAndGet();
                                }
                            }
                            self[0].run();
                        });
            };
            slots[i] = self[0];
        }
        for (Runnable slot : slots) {
            slot.run();
        }
        sleepUntil(measureFrom);
        long[] serverBefore = cpu(fleet);
        long[] databaseBefore = database.read();
        sleepUntil(end);
        long[] serverAfter = cpu(fleet);
        long[] databaseAfter = database.read();
        Histogram histogram = latency.getIntervalHistogram();
        boolean exhausted = next.get() >= bodies.size();
        if (!done.await(TIMEOUT_MILLIS + 10_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("requests still in flight after the run");
        }
        long serverCpu = 0;
        for (int i = 0; i < fleet.size(); i++) {
            serverCpu += serverAfter[i] - serverBefore[i];
        }
        long[] databaseDelta = new long[databaseBefore.length];
        for (int i = 0; i < databaseDelta.length; i++) {
            databaseDelta[i] = databaseAfter[i] - databaseBefore[i];
        }
        return new Measured(ok.get(), errors.get(), histogram, MEASURE.toNanos() / 1e9, serverCpu, databaseDelta,
                exhausted, ServerProbe.loadAverage());
    }

    private static long[] cpu(List<PackagedSignet> fleet) {
        return fleet.stream().mapToLong(signet -> ServerProbe.processCpuNanos(signet.pid())).toArray();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /**
     * The database's counters: CPU of the postmaster and all its children (the backends serving the
     * replicas' pooled connections), committed transactions, WAL position, database size, and flushes
     * (calls of the statement that locks the log's state row, {@code FOR UPDATE}, as the rule has it).
     */
    static final class DatabaseProbe {
        private final PrivatePostgres postgres;

        DatabaseProbe(PrivatePostgres postgres) {
            this.postgres = postgres;
        }

        /** {cpu nanos, commits, WAL bytes, database bytes, flushes}. */
        long[] counters() throws Exception {
            long cpu = 0;
            ProcessHandle postmaster = ProcessHandle.of(postgres.serverPid()).orElseThrow();
            cpu += ServerProbe.processCpuNanos(postmaster.pid());
            for (ProcessHandle child : (Iterable<ProcessHandle>) postmaster.descendants()::iterator) {
                cpu += Math.max(0, ServerProbe.processCpuNanos(child.pid()));
            }
            String[] row = postgres.sql("SELECT xact_commit, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, "
                    + "pg_database_size(current_database()), (SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
                    + "WHERE query ILIKE '%FOR UPDATE%' AND dbid = d.datid)::bigint FROM pg_stat_database d "
                    + "WHERE datname = current_database()").split("\\|");
            return new long[] {cpu, Long.parseLong(row[0]), Long.parseLong(row[1]), Long.parseLong(row[2]),
                    Long.parseLong(row[3])};
        }

        /** The statements that ran most often, for the report: calls, rows, mean ms, text. */
        String statements() throws Exception {
            return postgres.sql("SELECT calls || ' calls, ' || rows || ' rows, ' || round(mean_exec_time::numeric, 3) "
                    + "|| ' ms: ' || regexp_replace(left(query, 160), '\\s+', ' ', 'g') FROM pg_stat_statements "
                    + "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                    + "ORDER BY calls DESC LIMIT 12");
        }
    }

    /** One run's figures; {@code database} is {cpu nanos, commits, WAL bytes, database bytes, flushes} deltas. */
    record Measured(long entries, long errors, Histogram latencyMicros, double seconds, long serverCpuNanos,
            long[] database, boolean exhausted, String loadAverage) {
    }

    record Run(String storage, int replicas, Measured measured, String statements) {
        long entries() {
            return measured.entries();
        }

        long errors() {
            return measured.errors();
        }

        double perSecond() {
            return measured.entries() / measured.seconds();
        }

        double percentileMs(double percentile) {
            return measured.latencyMicros().getTotalCount() == 0 ? Double.NaN
                    : measured.latencyMicros().getValueAtPercentile(percentile) / 1000.0;
        }

        double serverCpuMicrosPerEntry() {
            return measured.serverCpuNanos() / 1000.0 / Math.max(1, measured.entries());
        }

        double databasePerEntry(int counter, double scale) {
            return measured.database()[counter] / scale / Math.max(1, measured.entries());
        }

        long flushes() {
            return measured.database()[4];
        }

        double commitsPerFlush() {
            return flushes() == 0 ? Double.NaN : (double) measured.database()[1] / flushes();
        }

        double entriesPerFlush() {
            return flushes() == 0 ? Double.NaN : (double) measured.entries() / flushes();
        }

        String json() {
            return String.format(Locale.ROOT, "{\"bench\":\"shared-log\",\"storage\":\"%s\",\"replicas\":%d,"
                    + "\"in_flight\":%d,\"period\":\"%s\",\"seconds\":%.1f,\"entries\":%d,\"errors\":%d,"
                    + "\"entries_per_s\":%.1f,\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"max_ms\":%.1f,"
                    + "\"server_cpu_us_per_entry\":%.0f,\"db_cpu_us_per_entry\":%.0f,\"db_commits\":%d,"
                    + "\"flushes\":%d,\"commits_per_flush\":%.2f,\"entries_per_flush\":%.1f,"
                    + "\"wal_bytes_per_entry\":%.0f,\"db_growth_bytes_per_entry\":%.0f,\"fixtures_exhausted\":%s,"
                    + "\"load_avg\":\"%s\",\"cores\":%d}",
                    storage, replicas, CONCURRENCY, PERIOD, measured.seconds(), measured.entries(), measured.errors(),
                    perSecond(), percentileMs(50), percentileMs(99), measured.latencyMicros().getMaxValue() / 1000.0,
                    serverCpuMicrosPerEntry(), databasePerEntry(0, 1000.0), measured.database()[1], flushes(),
                    commitsPerFlush(), entriesPerFlush(), databasePerEntry(2, 1), databasePerEntry(3, 1),
                    measured.exhausted(), measured.loadAverage(), Runtime.getRuntime().availableProcessors());
        }

        String markdownRow(double localCpuPerEntry) {
            boolean shared = storage.equals("postgresql");
            return String.format(Locale.ROOT,
                    "| %s | %d | %.0f | %.1f | %.1f | %d | %.0f | %s | %s | %s | %s | %s | %s |",
                    storage, replicas, perSecond(), percentileMs(50), percentileMs(99), measured.errors(),
                    serverCpuMicrosPerEntry(), Double.isNaN(localCpuPerEntry) ? "—"
                            : String.format(Locale.ROOT, "%.2f×", serverCpuMicrosPerEntry() / localCpuPerEntry),
                    shared ? String.format(Locale.ROOT, "%.0f", databasePerEntry(0, 1000.0)) : "—",
                    shared ? String.format(Locale.ROOT, "%.1f", entriesPerFlush()) : "—",
                    shared ? String.format(Locale.ROOT, "%.2f", commitsPerFlush()) : "—",
                    shared ? String.format(Locale.ROOT, "%.0f", databasePerEntry(2, 1)) : "—",
                    shared ? String.format(Locale.ROOT, "%.0f", databasePerEntry(3, 1)) : "—");
        }
    }

    private static void report(List<Run> runs) throws Exception {
        double localCpu = runs.stream().filter(run -> run.storage().equals("local")).findFirst()
                .map(Run::serverCpuMicrosPerEntry).orElse(Double.NaN);
        StringBuilder table = new StringBuilder("| storage | replicas | entries/s | p50 ms | p99 ms | errors "
                + "| Signet CPU µs/entry | × local | DB CPU µs/entry | entries/flush | DB commits/flush "
                + "| WAL bytes/entry | DB growth bytes/entry |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder lines = new StringBuilder();
        StringBuilder statements = new StringBuilder();
        for (Run run : runs) {
            table.append(run.markdownRow(localCpu)).append('\n');
            lines.append(run.json()).append('\n');
            if (run.statements() != null) {
                statements.append("\n").append(run.storage()).append(" × ").append(run.replicas())
                        .append(", most frequent statements over the whole run:\n```\n").append(run.statements())
                        .append("\n```\n");
            }
        }
        String markdown = table + String.format(Locale.ROOT, "%nin flight %d, period %s, %.0f s measured after %.0f s "
                + "of warm-up, %d cores%n", CONCURRENCY, PERIOD, MEASURE.toMillis() / 1000.0,
                WARMUP.toMillis() / 1000.0,
                Runtime.getRuntime().availableProcessors()) + statements;
        System.out.println();
        System.out.println(markdown);
        BenchReport.save(SMOKE ? "shared-log-smoke" : "shared-log", lines, markdown);
    }
}
