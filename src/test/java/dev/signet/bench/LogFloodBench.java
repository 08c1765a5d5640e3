package dev.signet.bench;

import static dev.signet.bench.BenchSettings.list;
import static dev.signet.bench.BenchSettings.seconds;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.TestPki;
import dev.signet.testing.PackagedSignet;
import dev.signet.testing.TestOidcIssuer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a flood of the embedded log's {@code add-pre-chain} from one address does to certificate
 * requests on the same port (not a test: it asserts only that the run worked). Starts the packaged
 * Signet (file CA, embedded log on a fresh data directory, a test root accepted besides Signet's own)
 * and a loopback OIDC issuer, then sends {@code POST /api/v2/signingCert} at a fixed open-loop rate
 * from 127.0.0.1 twice: alone (baseline), and while a second client bound to 127.0.0.2 floods
 * {@code add-pre-chain} with chains replayed from {@code get-entries}, fresh precertificates under the
 * test root and forged or invalid chains. One JSON line per phase and a markdown table go to stdout
 * and {@code target/bench/log-flood.*}: the certificates' success rate and latency, the flood's answers
 * by kind and status, and the server settings.
 *
 * <p>Run with {@code ./mvnw -B verify -Pbench -Dit.test=LogFloodBench}; add {@code -Dbench.smoke=true}
 * for 10 s phases. Settings are in docs/performance.md.
 */
@Tag("packaged")
class LogFloodBench {
    private static final boolean SMOKE = Boolean.getBoolean("bench.smoke");
    private static final double RATE = Double.parseDouble(System.getProperty("bench.rate", "100"));
    private static final Duration MEASURE = seconds("bench.seconds", SMOKE ? 10 : 30);
    private static final Duration LEAD_IN = seconds("bench.lead-in", SMOKE ? 2 : 3);
    /** Certificate requests at the same rate before the baseline, not measured: the server starts cold. */
    private static final Duration WARMUP = seconds("bench.warmup", SMOKE ? 10 : 20);
    /** The flood runs this long before the certificate client's lead-in starts. */
    private static final Duration FLOOD_LEAD_IN = seconds("bench.flood-lead-in", SMOKE ? 3 : 5);
    private static final int FLOOD_CONCURRENCY = Integer.getInteger("bench.flood-concurrency", 256);
    private static final long FLOOD_MAX_REQUESTS = Long.getLong("bench.flood-max-requests", 2_000_000);
    private static final String FLOOD_ADDRESS = System.getProperty("bench.flood-address", "127.0.0.2");
    private static final List<String> FLOOD_MIX = list("bench.flood-mix",
            "replayed=2,fresh=2,garbage=1,bad-signature=1,ca-false-issuer=1,not-chaining=1");
    private static final int FRESH = Integer.getInteger("bench.flood-fresh", SMOKE ? 1024 : 4096);
    private static final int FORGED = Integer.getInteger("bench.flood-forged", 256);
    private static final int REPLAY = Integer.getInteger("bench.flood-replay", 1024);
    private static final int CONNECTIONS = Integer.getInteger("bench.concurrency", 512);
    private static final int MAX_IN_FLIGHT = Integer.getInteger("bench.max-in-flight", 4096);
    private static final String CA_KEY = System.getProperty("bench.ca-key", "P-384");
    private static final String HEAP = System.getProperty("bench.server-heap", "512m");
    private static final String PERIOD = System.getProperty("bench.period", "250ms");
    /** Enough pre-minted requests that none is sent twice: priming, warm-up, and both phases with their lead-ins. */
    private static final int FIXTURES = Integer.getInteger("bench.fixtures",
            (int) Math.ceil(RATE * (WARMUP.toMillis() + 2 * (LEAD_IN.toMillis() + MEASURE.toMillis())) / 1000.0) + 200);
    private static final long TIMEOUT_MILLIS = 30_000;

    @TempDir
    Path temp;

    @Test
    void certificatesWhileTheLogIsFlooded() throws Exception {
        List<Phase> phases = new ArrayList<>();
        Map<String, String> settings;
        try (TestOidcIssuer issuer = new TestOidcIssuer().start()) {
            IssuanceFixtures fixtures = IssuanceFixtures.mint(issuer, FIXTURES, 10, Duration.ofHours(6),
                    Runtime.getRuntime().availableProcessors());
            Path identity = temp.resolve("identity.json");
            Files.writeString(identity, issuer.identityConfigJson("sigstore", "email"));
            TestPki.TwoLevel ca = TestPki.twoLevel(CA_KEY);
            FloodChains chains = FloodChains.build(FRESH, FORGED, ca.root());
            Path roots = temp.resolve("flood-roots.pem");
            Files.write(roots, chains.rootPem());

            Map<String, String> properties = BenchServer.fileCaProperties(ca, temp.resolve("ca"), temp.resolve("data"),
                    identity, PERIOD);
            properties.put("signet.ctlog.embedded.roots", roots.toString());
            // As PackagedSignet has it (a load from one address would meet the per-address limit); shown in the report.
            properties.put("signet.rate-limit.enabled", "false");
            properties.putAll(BenchSettings.serverProperties());
            Path logs = Files.createDirectories(BenchReport.DIRECTORY);
            Path gcLog = logs.resolve("log-flood-gc.log").toAbsolutePath();
            List<String> jvm = BenchServer.jvmOptions(HEAP, gcLog);
            settings = shown(properties, jvm);
            try (PackagedSignet signet = PackagedSignet.startReady(logs, "log-flood-server", properties, jvm)) {
                ServerProbe probe = new ServerProbe(signet.pid(), gcLog);
                URI base = URI.create(signet.baseUrl());
                LogReader log = new LogReader(signet.baseUrl());
                LoadPhases load = new LoadPhases(fixtures, new AtomicLong(), probe);
                try (IssuanceClient certificates = IssuanceClient.rest(base.getHost(), base.getPort(), CONNECTIONS,
                        TIMEOUT_MILLIS)) {
                    load.prime(certificates, TIMEOUT_MILLIS);
                    LoadPhases.Measured warmup =
                            load.openLoop(certificates, RATE, MAX_IN_FLIGHT, Duration.ZERO, WARMUP);
                    System.out.printf(Locale.ROOT, "warm-up (not measured): %d certificates of %d requests, %s%n",
                            warmup.ok(), warmup.sent(), certificates.takeFailureReasons());
                    LoadPhases.Measured baseline = load.openLoop(certificates, RATE, MAX_IN_FLIGHT, LEAD_IN, MEASURE);
                    phases.add(new Phase("baseline", baseline, certificates.takeFailureReasons(), null, Map.of(),
                            log.treeSize()));
                    System.out.println(phases.get(0).json(settings));

                    // The log now holds the baseline's certificates: anyone may read them and send them again.
                    chains.replay(log.precertChains(REPLAY));
                    try (LogFlood flood = new LogFlood(base.getHost(), base.getPort(), FLOOD_ADDRESS, FLOOD_CONCURRENCY,
                            TIMEOUT_MILLIS, chains.bodies(), weights())) {
                        flood.start(FLOOD_LEAD_IN.plus(LEAD_IN).plus(MEASURE), FLOOD_MAX_REQUESTS);
                        Thread.sleep(FLOOD_LEAD_IN.toMillis());
                        LoadPhases.Measured flooded =
                                load.openLoop(certificates, RATE, MAX_IN_FLIGHT, LEAD_IN, MEASURE);
                        Map<String, Long> failures = certificates.takeFailureReasons();
                        LogFlood.Result floodResult = flood.stop();
                        phases.add(new Phase("flood", flooded, failures, floodResult, flood.reuse(), log.treeSize()));
                        System.out.println(phases.get(1).json(settings));
                    }
                }
            }
        }
        report(phases, settings);
        Phase baseline = phases.get(0);
        Phase flood = phases.get(1);
        assertTrue(baseline.measured().ok() > 0, "no certificate in the baseline: " + baseline.json(settings));
        assertTrue(flood.measured().sent() > 0, "no certificate request during the flood: " + flood.json(settings));
        assertFalse(flood.reuse().isEmpty(), "the flood had no chains");
        assertTrue(flood.flood().answered() > 0, "the flood got no answer: " + flood.json(settings));
    }

    /** The flood's kinds and weights, from {@code -Dbench.flood-mix=kind=weight,...}. */
    private static Map<String, Integer> weights() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String entry : FLOOD_MIX) {
            int equals = entry.indexOf('=');
            weights.put(entry.substring(0, equals), Integer.parseInt(entry.substring(equals + 1)));
        }
        return weights;
    }

    /** The server's settings for the report: the CA key's password left out, the run's own files by name. */
    private Map<String, String> shown(Map<String, String> properties, List<String> jvm) {
        Map<String, String> shown = new LinkedHashMap<>();
        properties.forEach((key, value) -> shown.put(key, key.endsWith("password") ? "(generated)"
                : value.startsWith(temp.toString()) ? "(run's own: " + Path.of(value).getFileName() + ")" : value));
        shown.put("jvm",
                String.join(" ", jvm).replace(BenchReport.DIRECTORY.toAbsolutePath().toString(), "target/bench"));
        return shown;
    }

    /** One phase: the certificate client's figures and, under flood, the flood's. */
    record Phase(String name, LoadPhases.Measured measured, Map<String, Long> failures, LogFlood.Result flood,
            Map<String, String> reuse, long treeSizeAfter) {

        long requests() {
            return measured.ok() + measured.backpressure() + measured.errors();
        }

        /** Certificates received of the requests intended in the window. */
        double successRate() {
            return requests() == 0 ? Double.NaN : (double) measured.ok() / requests();
        }

        double percentileMs(double percentile) {
            return measured.latencyMicros().getTotalCount() == 0 ? Double.NaN
                    : measured.latencyMicros().getValueAtPercentile(percentile) / 1000.0;
        }

        double serverCores() {
            return measured.serverCpuNanos() / 1e9 / measured.seconds();
        }

        String json(Map<String, String> settings) {
            return String.format(Locale.ROOT, "{\"bench\":\"log-flood\",\"phase\":\"%s\",\"target_rate\":%.0f,"
                    + "\"seconds\":%.1f,\"sent\":%d,\"ok\":%d,\"backpressure\":%d,\"errors\":%d,\"success_rate\":%s,"
                    + "\"certificates_per_s\":%.1f,\"p50_ms\":%s,\"p90_ms\":%s,\"p99_ms\":%s,\"max_ms\":%s,"
                    + "\"server_cores_used\":%.2f,\"gc_pause_ms\":%.1f,\"load_avg\":\"%s\",\"log_tree_size_after\":%d,"
                    + "\"failures\":%s,\"flood\":%s,\"flood_bodies\":%s,\"pool_period\":\"%s\",\"cores\":%d,"
                    + "\"jdk\":\"%s\",\"smoke\":%s,\"server_settings\":%s}",
                    name, RATE, measured.seconds(), measured.sent(), measured.ok(), measured.backpressure(),
                    measured.errors(), number(successRate(), "%.4f"), measured.ok() / measured.seconds(),
                    number(percentileMs(50), "%.1f"), number(percentileMs(90), "%.1f"),
                    number(percentileMs(99), "%.1f"), number(measured.latencyMicros().getMaxValue() / 1000.0, "%.1f"),
                    serverCores(), measured.gcPauseMillis(), measured.loadAverage(), treeSizeAfter,
                    BenchReport.jsonObject(failures), flood == null ? "null" : flood.json(),
                    BenchReport.jsonObject(reuse), PERIOD, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), SMOKE, BenchReport.jsonObject(settings));
        }

        String markdownRow() {
            return String.format(Locale.ROOT,
                    "| %s | %.0f | %.1f | %s | %d | %d | %d | %s | %s | %.2f | %s | %s | %s |",
                    name, RATE, measured.ok() / measured.seconds(), number(100 * successRate(), "%.2f %%"),
                    measured.ok(), measured.backpressure(), measured.errors(), number(percentileMs(50), "%.1f"),
                    number(percentileMs(99), "%.1f"), serverCores(),
                    flood == null ? "—" : flood.concurrency() + " from " + flood.source(),
                    flood == null ? "—" : String.format(Locale.ROOT, "%.0f", flood.answered() / flood.seconds()),
                    flood == null ? "—" : flood.byStatus().toString());
        }

        private static String number(double value, String format) {
            return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, format, value);
        }
    }

    private static void report(List<Phase> phases, Map<String, String> settings) throws Exception {
        StringBuilder table =
                new StringBuilder("| phase | target/s | certificates/s | success rate | ok | backpressure "
                        + "| errors | p50 ms | p99 ms | server cores | flood in flight | flood answers/s | flood answers by status |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|\n");
        StringBuilder lines = new StringBuilder();
        StringBuilder summary = new StringBuilder();
        for (Phase phase : phases) {
            table.append(phase.markdownRow()).append('\n');
            lines.append(phase.json(settings)).append('\n');
            summary.append(String.format(Locale.ROOT, "- %s: certificate failure reasons (lead-in included) %s; "
                    + "log size after %d%n", phase.name(), phase.failures().isEmpty() ? "none" : phase.failures(),
                    phase.treeSizeAfter()));
            if (phase.flood() != null) {
                summary.append(String.format(Locale.ROOT, "- flood: %d requests in %.1f s, %d unanswered at the "
                        + "end; answers by kind %s; bodies %s%n", phase.flood().sent(), phase.flood().seconds(),
                        phase.flood().unanswered(), phase.flood().byKind(), phase.reuse()));
            }
        }
        summary.append("- server settings: ").append(settings).append('\n');
        String markdown = table + "\n" + summary;
        System.out.println();
        System.out.println(markdown);
        BenchReport.save(SMOKE ? "log-flood-smoke" : "log-flood", lines, markdown);
    }
}
