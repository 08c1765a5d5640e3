package dev.signet.bench;

import static dev.signet.bench.BenchSettings.durationMillis;
import static dev.signet.bench.BenchSettings.list;
import static dev.signet.bench.BenchSettings.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.TestPki;
import dev.signet.testing.PackagedSignet;
import dev.signet.testing.TestOidcIssuer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end issuance benchmark (not a test: it asserts only that the runs worked). Starts the
 * packaged Signet as a child JVM (prod profile, file CA, embedded log on a fresh data directory,
 * fixed heap) and a loopback OIDC issuer, pre-mints unique tokens, client keys and proofs, measures
 * the crypto ceiling, then drives {@code /api/v2/signingCert} and gRPC {@code CreateSigningCertificate}:
 * a closed-loop saturation phase, then open-loop phases at fractions of the saturation rate, each
 * phase between two short measurements of the ceiling that give it its own, then the ceiling again;
 * then the saturation phase once more from a Node.js client ({@link NodeClient}), a client that
 * does not run on the JVM. Efficiency counts the required lint and SCT check with the ceiling.
 * One JSON line per phase and a markdown table go to stdout and {@code target/bench/}.
 *
 * <p>Run with {@code ./mvnw -B -o verify -Pbench -Dit.test=IssuanceBench}; add {@code -Dbench.smoke=true}
 * for about 10 s a phase. Settings are in docs/performance.md.
 */
@Tag("packaged")
class IssuanceBench {
    private static final boolean SMOKE = Boolean.getBoolean("bench.smoke");
    private static final List<String> CA_KEYS = list("bench.ca-keys", SMOKE ? "P-384" : "P-384,P-256");
    private static final List<String> PROTOCOLS = list("bench.protocols", "rest,grpc,node");
    /**
     * Requests in flight in the closed loops. Every issuance waits for the log's next flush, so a closed
     * loop cannot pass in-flight ÷ pool period: 512 capped a P-256 CA at 2,048/s with a core idle.
     */
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 1024);
    private static final Duration WARMUP = seconds("bench.warmup", SMOKE ? 5 : 20);
    /** The closed loop's warm-up goes on past {@link #WARMUP} until the server's JIT settles, at most this long. */
    private static final Duration MAX_WARMUP = seconds("bench.max-warmup", SMOKE ? 30 : 120);
    private static final Duration MEASURE = seconds("bench.seconds", SMOKE ? 10 : 30);
    private static final Duration LEAD_IN = seconds("bench.lead-in", SMOKE ? 2 : 3);
    private static final Duration CEILING = seconds("bench.ceiling-seconds", SMOKE ? 3 : 10);
    /** Each phase's own ceiling: measured just before and just after it, so both see the machine it ran on. */
    private static final Duration BRACKET = seconds("bench.bracket-seconds", 2);
    private static final List<Double> OPEN_LOOP = list("bench.open-loop", "0.25,0.5,0.75").stream()
            .map(Double::valueOf).toList();
    private static final int FIXTURES = Integer.getInteger("bench.fixtures", SMOKE ? 8000 : 20000);
    private static final int ES256_EVERY = Integer.getInteger("bench.es256-every", 10);
    private static final int MAX_IN_FLIGHT = Integer.getInteger("bench.max-in-flight", 4096);
    private static final String HEAP = System.getProperty("bench.server-heap", "512m");
    private static final String PERIOD = System.getProperty("bench.period", "250ms");
    /** Records the server with JFR ({@code settings=profile}) and prints where its CPU went. */
    private static final boolean PROFILE = Boolean.getBoolean("bench.profile");
    private static final long TIMEOUT_MILLIS = 30_000;
    private static final long P99_SLACK_MS = 50;
    private static final double TARGET_EFFICIENCY = 0.75;
    private static final double TARGET_THROUGHPUT_RATIO = 0.7;
    private static final double TARGET_RSS_MIB = 512;

    @TempDir
    Path temp;

    @Test
    void issuanceThroughputAndLatency() throws Exception {
        List<PhaseResult> results = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        try (TestOidcIssuer issuer = new TestOidcIssuer().start()) {
            long mintStart = System.nanoTime();
            IssuanceFixtures fixtures = IssuanceFixtures.mint(issuer, FIXTURES, ES256_EVERY, Duration.ofHours(6),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "minted %d requests (%d ES256) in %.1f s%n", fixtures.size(),
                    fixtures.es256Count(), (System.nanoTime() - mintStart) / 1e9);
            Path identity = temp.resolve("identity.json");
            Files.writeString(identity, issuer.identityConfigJson("sigstore", "email"));
            AtomicLong sequence = new AtomicLong();
            for (String caKey : CA_KEYS) {
                summaries.add(runCaVariant(caKey, issuer, identity, fixtures, sequence, results));
            }
        }
        report(results, summaries);
        for (PhaseResult result : results) {
            assertTrue(result.measured().ok() > 0, "no certificate in " + result.json());
            assertEquals(0, result.measured().errors(), "errors in " + result.json());
        }
    }

    private String runCaVariant(String caKey, TestOidcIssuer issuer, Path identity, IssuanceFixtures fixtures,
            AtomicLong sequence, List<PhaseResult> results) throws Exception {
        TestPki.TwoLevel ca = TestPki.twoLevel(caKey);
        String signatureAlgorithm = caKey.equals("P-256") ? "SHA256withECDSA" : "SHA384withECDSA";
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeyPairGenerator logKeys = KeyPairGenerator.getInstance("EC", bc);
        logKeys.initialize(new ECGenParameterSpec("secp256r1"));
        CryptoCeiling ceiling = new CryptoCeiling(fixtures, bcKey("RSA", issuer.rsaKey().getPublicKey(), null),
                bcKey("EC", issuer.ecKey().getPublicKey(), bc), ca.intermediateKeys(), ca.intermediate(),
                signatureAlgorithm,
                logKeys.generateKeyPair())
                .issuerUrl(issuer.url());
        CryptoCeiling.Result before = ceiling.measure("before", Duration.ofSeconds(SMOKE ? 2 : 3), CEILING);
        System.out
                .println("{\"bench\":\"issuance-ceiling\",\"ca_key\":\"" + caKey + "\"," + before.json().substring(1));
        Required required = Required.measure(ceiling);
        System.out.println(required.json(caKey));

        Map<String, String> properties = BenchServer.fileCaProperties(ca, temp.resolve("ca-" + caKey),
                temp.resolve("data-" + caKey), identity, PERIOD);
        properties.putAll(BenchSettings.serverProperties());
        Path logs = Files.createDirectories(BenchReport.DIRECTORY);
        Path gcLog = logs.resolve("issuance-gc-" + caKey + ".log").toAbsolutePath();
        Path jfr = logs.resolve("issuance-" + caKey + ".jfr").toAbsolutePath();
        Files.deleteIfExists(jfr);
        List<String> jvm = new ArrayList<>(BenchServer.jvmOptions(HEAP, gcLog));
        if (PROFILE) {
            jvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        List<PhaseResult> variant = new ArrayList<>();
        try (PackagedSignet signet = PackagedSignet.startReady(logs, "issuance-server-" + caKey, properties,
                jvm)) {
            ServerProbe probe = new ServerProbe(signet.pid(), gcLog);
            URI base = URI.create(signet.baseUrl());
            LoadPhases phases = new LoadPhases(fixtures, sequence, probe);
            for (String protocol : PROTOCOLS) {
                if (protocol.startsWith("node")) {
                    nodePhase(protocol, caKey, fixtures, base, phases, probe, ceiling, required, variant);
                    continue;
                }
                try (IssuanceClient client = protocol.equals("grpc")
                        ? IssuanceClient.grpc(base.getHost(), base.getPort(), Math.max(1, CONCURRENCY / 64),
                                TIMEOUT_MILLIS)
                        : IssuanceClient.rest(base.getHost(), base.getPort(), CONCURRENCY, TIMEOUT_MILLIS)) {
                    phases.prime(client, TIMEOUT_MILLIS);
                    CryptoCeiling.Result previous = ceiling.measure("bracket", Duration.ZERO, BRACKET);
                    LoadPhases.Measured saturation =
                            phases.closedLoop(client, CONCURRENCY, WARMUP, MAX_WARMUP, MEASURE);
                    PhaseResult closed = finish(caKey, client.protocol(), client.takeFailureReasons(), "saturation", 0,
                            saturation, probe);
                    previous = bracket(closed, previous, ceiling, required, variant);
                    double rate = closed.issuancesPerSecond();
                    for (double fraction : OPEN_LOOP) {
                        String name = String.format(Locale.ROOT, "open-%d%%", Math.round(fraction * 100));
                        double target = Math.max(1, rate * fraction);
                        LoadPhases.Measured measured = phases.openLoop(client, target, MAX_IN_FLIGHT, LEAD_IN, MEASURE);
                        PhaseResult open = finish(caKey, client.protocol(), client.takeFailureReasons(), name, target,
                                measured, probe);
                        previous = bracket(open, previous, ceiling, required, variant);
                    }
                }
            }
        }
        if (PROFILE && Files.isRegularFile(jfr)) {
            String profile = JfrSummary.summarise(jfr, 15);
            System.out.println(profile);
            Files.writeString(logs.resolve("issuance-profile-" + caKey + ".md"), profile, StandardCharsets.UTF_8);
        }
        CryptoCeiling.Result after = ceiling.measure("after", Duration.ofSeconds(1), CEILING);
        System.out.println("{\"bench\":\"issuance-ceiling\",\"ca_key\":\"" + caKey + "\"," + after.json().substring(1));
        Ceiling combined = new Ceiling(before, after, required);
        results.addAll(variant);
        return summary(caKey, combined, variant, sequence.get(), fixtures.size());
    }

    /**
     * The saturation phase under the Node.js client ({@code node}: Content-Length bodies;
     * {@code node-chunked}: chunked ones), one keep-alive connection per request in flight,
     * between two brackets of the ceiling like the JVM clients' phases. Skipped, and said so, where
     * there is no {@code node}.
     */
    private void nodePhase(String protocol, String caKey, IssuanceFixtures fixtures, URI base, LoadPhases phases,
            ServerProbe probe, CryptoCeiling ceiling, Required required, List<PhaseResult> into) throws Exception {
        if (!NodeClient.available()) {
            System.out.println("no node executable: the " + protocol + " phase is skipped");
            return;
        }
        String framing = protocol.equals("node") ? "length" : protocol.substring("node-".length());
        Path log = BenchReport.DIRECTORY.resolve("issuance-" + protocol + "-" + caKey + ".log");
        try (NodeClient node = NodeClient.start(fixtures, temp.resolve("node"), base.getHost(), base.getPort(),
                CONCURRENCY, CONCURRENCY, TIMEOUT_MILLIS, framing, log)) {
            Map<String, Long> priming = node.prime(20);
            if (!priming.isEmpty()) {
                System.out.println(node.protocol() + " priming failures (not measured): " + priming);
            }
            CryptoCeiling.Result previous = ceiling.measure("bracket", Duration.ZERO, BRACKET);
            LoadPhases.Measured saturation = phases.closedLoop(node, WARMUP, MAX_WARMUP, MEASURE);
            PhaseResult result = finish(caKey, node.protocol(), node.takeFailureReasons(), "saturation", 0, saturation,
                    probe);
            bracket(result, previous, ceiling, required, into);
        }
    }

    private PhaseResult finish(String caKey, String protocol, Map<String, Long> failures, String phase,
            double targetRate, LoadPhases.Measured measured, ServerProbe probe) throws InterruptedException {
        double peakRss = probe.peakRssMib();
        double heapAfterGc = probe.heapAfterGcMib();
        PhaseResult result = new PhaseResult(caKey, protocol, phase, targetRate, measured, failures, peakRss,
                heapAfterGc, durationMillis(PERIOD), probe.collector(), null);
        // The log's queue drains and the next phase starts on an idle server.
        Thread.sleep(1000);
        return result;
    }

    /**
     * Measures the ceiling just after {@code phase}, gives the phase its own from that and
     * {@code before}, prints it and adds it to {@code into}; the new measurement is the next phase's
     * {@code before}.
     */
    private static CryptoCeiling.Result bracket(PhaseResult phase, CryptoCeiling.Result before, CryptoCeiling ceiling,
            Required required, List<PhaseResult> into) throws Exception {
        CryptoCeiling.Result after = ceiling.measure("bracket", Duration.ZERO, BRACKET);
        PhaseResult bracketed = phase.withCeiling(new Ceiling(before, after, required));
        System.out.println(bracketed.json());
        into.add(bracketed);
        return after;
    }

    /**
     * Work every issuance must do besides the crypto ceiling's, measured in the bench JVM before the
     * load: the check of the SCT against the log key before it is embedded (RFC 6962 §3.2 signature,
     * checked as Fulcio does before embedding) and the lint of the precertificate and the final
     * certificate before each is signed. Since issue #24 it counts in the reference cost that
     * {@code efficiency} compares the server with.
     */
    record Required(double sctCheckMicros, double lintMicros) {
        static Required measure(CryptoCeiling ceiling) throws Exception {
            // Warm-ups long enough for C2: a cost measured before it would be dearer and understate the bound.
            ceiling.sctCheckMicros(Duration.ofSeconds(3));
            ceiling.lintMicros(Duration.ofSeconds(3));
            return new Required(ceiling.sctCheckMicros(CEILING.dividedBy(2)), ceiling.lintMicros(CEILING.dividedBy(2)));
        }

        double micros() {
            return sctCheckMicros + lintMicros;
        }

        String json(String caKey) {
            return String.format(Locale.ROOT, "{\"bench\":\"issuance-required-outside-ceiling\",\"ca_key\":\"%s\","
                    + "\"sct_check_us\":%.0f,\"lint_us\":%.0f}", caKey, sctCheckMicros, lintMicros);
        }
    }

    /**
     * The ceiling measured before and after some load (the whole run, or one phase); the cheaper of
     * the two is the crypto cost. On this shared machine a neighbour's load or a JIT that compiled
     * badly only ever makes a measurement dearer, and a dearer ceiling would flatter efficiency.
     * The reference cost is that plus the required work.
     */
    record Ceiling(CryptoCeiling.Result before, CryptoCeiling.Result after, Required required) {
        /** The crypto ceiling alone (issue #7's reference). */
        double microsPerIssuance() {
            return Math.min(before.microsPerIssuance(), after.microsPerIssuance());
        }

        /** What every correct issuance must cost: the crypto ceiling plus the lint and the SCT check (issue #24). */
        double referenceMicros() {
            return microsPerIssuance() + required.micros();
        }

        /** Issue #7's bound: the crypto efficiency of a server that did the reference work and nothing else. */
        double cryptoEfficiencyBound() {
            return microsPerIssuance() / referenceMicros();
        }

        /** Reference issuances one CPU-second pays for. */
        double perCpuSecond() {
            return 1e6 / referenceMicros();
        }

        double drift() {
            return Math.abs(after.microsPerIssuance() - before.microsPerIssuance()) / before.microsPerIssuance();
        }
    }

    /** One phase with the server figures read after it and, once known, the ceiling. */
    record PhaseResult(String caKey, String protocol, String phase, double targetRate, LoadPhases.Measured measured,
            Map<String, Long> failures, double peakRssMib, double heapAfterGcMib, long periodMs, String collector,
            Ceiling ceiling) {

        PhaseResult withCeiling(Ceiling value) {
            return new PhaseResult(caKey, protocol, phase, targetRate, measured, failures, peakRssMib, heapAfterGcMib,
                    periodMs, collector, value);
        }

        /** The failure reasons as a JSON object; the texts are short server messages or status names. */
        String failuresJson() {
            return BenchReport.jsonObject(failures);
        }

        double issuancesPerSecond() {
            return measured.ok() / measured.seconds();
        }

        double serverCpuMicrosPerIssuance() {
            return measured.ok() == 0 ? 0 : measured.serverCpuNanos() / 1000.0 / measured.ok();
        }

        double clientCpuMicrosPerIssuance() {
            return measured.ok() == 0 ? 0 : measured.clientCpuNanos() / 1000.0 / measured.ok();
        }

        /** Cores the server's JIT compiler threads used in the window (already inside {@link #coresUsed()}). */
        double jitCores() {
            return measured.compilerCpuNanos() < 0 ? Double.NaN
                    : measured.compilerCpuNanos() / 1e9 / measured.seconds();
        }

        double coresUsed() {
            return measured.serverCpuNanos() / 1e9 / measured.seconds();
        }

        /** (Crypto ceiling + required work) ÷ server CPU per issuance: 1.0 is a server that does nothing else. */
        double efficiency() {
            return ceiling == null || measured.ok() == 0 ? Double.NaN
                    : ceiling.referenceMicros() / serverCpuMicrosPerIssuance();
        }

        /** Issue #7's figure, kept for comparison: the crypto ceiling alone ÷ server CPU per issuance. */
        double cryptoEfficiency() {
            return ceiling == null || measured.ok() == 0 ? Double.NaN
                    : ceiling.microsPerIssuance() / serverCpuMicrosPerIssuance();
        }

        /**
         * False when the server did the ceiling's work, the required work and everything else for less
         * than the ceiling and the required work cost in the bench JVM (efficiency above 1.0): then the
         * ceiling was measured dearer than it is (a slow spell of the machine during a bracket) and the
         * phase's ratios flatter Signet.
         */
        boolean consistent() {
            return ceiling == null || !(efficiency() > 1.0);
        }

        double throughputRatio() {
            return ceiling == null ? Double.NaN : issuancesPerSecond() / (ceiling.perCpuSecond() * coresUsed());
        }

        /** Against all the machine's cores rather than those the server used: includes what the client took. */
        double machineRatio() {
            return ceiling == null ? Double.NaN
                    : issuancesPerSecond() / (ceiling.perCpuSecond() * Runtime.getRuntime().availableProcessors());
        }

        double percentileMs(double percentile) {
            return measured.latencyMicros().getTotalCount() == 0 ? Double.NaN
                    : measured.latencyMicros().getValueAtPercentile(percentile) / 1000.0;
        }

        String json() {
            return String.format(Locale.ROOT, "{\"bench\":\"issuance\",\"ca_key\":\"%s\",\"protocol\":\"%s\","
                    + "\"phase\":\"%s\",\"target_rate\":%.0f,\"seconds\":%.1f,\"sent\":%d,\"ok\":%d,\"backpressure\":%d,"
                    + "\"errors\":%d,\"issuances_per_s\":%.0f,\"p50_ms\":%.1f,\"p90_ms\":%.1f,\"p99_ms\":%.1f,"
                    + "\"p999_ms\":%.1f,\"max_ms\":%.1f,\"server_cpu_us_per_issuance\":%.0f,\"cores_used\":%.2f,"
                    + "\"jit_cores\":%.2f,\"warmup_s\":%.0f,"
                    + "\"client_cpu_us_per_issuance\":%.0f,\"ceiling_us_per_issuance\":%s,\"ceiling_per_cpu_s\":%s,"
                    + "\"ceiling_before_us\":%s,\"ceiling_after_us\":%s,\"required_outside_us\":%s,"
                    + "\"efficiency\":%s,\"efficiency_bound\":1.000,\"crypto_efficiency\":%s,"
                    + "\"crypto_efficiency_bound\":%s,\"throughput_ratio\":%s,\"machine_ratio\":%s,\"peak_rss_mib\":%.0f,"
                    + "\"heap_after_gc_mib\":%.0f,\"gc_pause_ms\":%.1f,\"pool_period_ms\":%d,\"concurrency\":%d,"
                    + "\"server_heap\":\"%s\",\"server_gc\":\"%s\",\"load_avg\":\"%s\",\"cores\":%d,\"jdk\":\"%s\",\"smoke\":%s,"
                    + "\"consistent\":%s,\"failures\":%s}",
                    caKey, protocol, phase, targetRate, measured.seconds(), measured.sent(), measured.ok(),
                    measured.backpressure(), measured.errors(), issuancesPerSecond(), percentileMs(50),
                    percentileMs(90), percentileMs(99), percentileMs(99.9),
                    measured.latencyMicros().getMaxValue() / 1000.0, serverCpuMicrosPerIssuance(), coresUsed(),
                    jitCores(), measured.warmupSeconds(), clientCpuMicrosPerIssuance(),
                    number(ceiling == null ? Double.NaN : ceiling.microsPerIssuance()),
                    number(ceiling == null ? Double.NaN : 1e6 / ceiling.microsPerIssuance()),
                    number(ceiling == null ? Double.NaN : ceiling.before().microsPerIssuance()),
                    number(ceiling == null ? Double.NaN : ceiling.after().microsPerIssuance()),
                    number(ceiling == null ? Double.NaN : ceiling.required().micros()), ratio(efficiency()),
                    ratio(cryptoEfficiency()), ratio(ceiling == null ? Double.NaN : ceiling.cryptoEfficiencyBound()),
                    ratio(throughputRatio()), ratio(machineRatio()), peakRssMib, heapAfterGcMib,
                    measured.gcPauseMillis(), periodMs, CONCURRENCY, HEAP, collector, measured.loadAverage(),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), SMOKE, consistent(),
                    failuresJson());
        }

        String markdownRow() {
            return String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %d | %d "
                    + "| %.0f | %.2f | %.2f | %.0f | %.2f%s | %.2f | %.2f | %.0f | %.0f | %.0f | %s |",
                    caKey, protocol, phase,
                    targetRate == 0 ? "closed, " + CONCURRENCY : String.format(Locale.ROOT, "%.0f", targetRate),
                    issuancesPerSecond(), percentileMs(50), percentileMs(90), percentileMs(99), percentileMs(99.9),
                    measured.ok(), measured.backpressure(), measured.errors(), serverCpuMicrosPerIssuance(),
                    coresUsed(), jitCores(), clientCpuMicrosPerIssuance(), efficiency(),
                    consistent() ? "" : " (inconsistent)",
                    cryptoEfficiency(), throughputRatio(), peakRssMib,
                    heapAfterGcMib, measured.gcPauseMillis(), measured.loadAverage());
        }

        private static String number(double value) {
            return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.0f", value);
        }

        private static String ratio(double value) {
            return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.3f", value);
        }
    }

    private static String summary(String caKey, Ceiling ceiling, List<PhaseResult> phases, long sent,
            int fixtures) {
        StringBuilder text = new StringBuilder();
        DoubleSummaryStatistics brackets = phases.stream().filter(phase -> phase.ceiling() != null)
                .mapToDouble(phase -> phase.ceiling().microsPerIssuance()).summaryStatistics();
        text.append(String.format(Locale.ROOT, "CA %s: ceiling %.0f µs per issuance (%.0f per CPU-second; before %.0f, "
                + "after %.0f µs%s); each phase's efficiency uses its own, the cheaper of the ceilings just "
                + "before and after it (%.0f–%.0f µs). Required work, counted in efficiency's reference with "
                + "the ceiling: SCT check %.0f µs, lint of both leaves %.0f µs. JDK %s, pool period %s, server heap %s, %s GC, %d connections/streams.%n",
                caKey, ceiling.microsPerIssuance(), 1e6 / ceiling.microsPerIssuance(),
                ceiling.before().microsPerIssuance(),
                ceiling.after().microsPerIssuance(), ceiling.drift() > 0.15 ? ", DRIFT > 15 %: noisy run" : "",
                brackets.getCount() == 0 ? Double.NaN : brackets.getMin(),
                brackets.getCount() == 0 ? Double.NaN : brackets.getMax(),
                ceiling.required().sctCheckMicros(), ceiling.required().lintMicros(),
                System.getProperty("java.version"),
                PERIOD, HEAP,
                phases.isEmpty() ? "unknown" : phases.get(0).collector(), CONCURRENCY));
        for (PhaseResult phase : phases) {
            if (phase.phase().equals("saturation")) {
                text.append(String.format(Locale.ROOT, "- %s saturation: %.0f/s, %.0f µs per issuance, efficiency "
                        + "%.2f (target ≥ %.2f: %s; crypto efficiency %.2f, at most %.2f), "
                        + "throughput_ratio %.2f (target ≥ %.2f: %s), peak RSS %.0f MiB (target ≤ %.0f: %s), "
                        + "p50 %.1f ms, p99 %.1f ms, errors %d%s%n", phase.protocol(), phase.issuancesPerSecond(),
                        phase.serverCpuMicrosPerIssuance(), phase.efficiency(),
                        TARGET_EFFICIENCY, met(phase.efficiency() >= TARGET_EFFICIENCY), phase.cryptoEfficiency(),
                        phase.ceiling().cryptoEfficiencyBound(), phase.throughputRatio(),
                        TARGET_THROUGHPUT_RATIO, met(phase.throughputRatio() >= TARGET_THROUGHPUT_RATIO),
                        phase.peakRssMib(), TARGET_RSS_MIB, met(phase.peakRssMib() <= TARGET_RSS_MIB),
                        phase.percentileMs(50), phase.percentileMs(99), phase.measured().errors(),
                        phase.consistent() ? ""
                                : "; INCONSISTENT: efficiency above 1.0, the ceiling measured dearer than the "
                                        + "server's own work allows (a slow spell of the machine): do not quote this phase"));
            }
            if (phase.phase().equals("open-50%")) {
                text.append(String.format(Locale.ROOT, "- %s at 50 %%: p99 %.1f ms (target ≤ %d ms: %s)%n",
                        phase.protocol(), phase.percentileMs(99), phase.periodMs() + P99_SLACK_MS,
                        met(phase.percentileMs(99) <= phase.periodMs() + P99_SLACK_MS)));
            }
        }
        if (sent > fixtures) {
            text.append(String.format(Locale.ROOT, "- %d requests sent so far from %d pre-minted ones: each was used "
                    + "up to %d times (raise -Dbench.fixtures for unique requests only)%n", sent, fixtures,
                    (sent + fixtures - 1) / fixtures));
        }
        return text.toString();
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static void report(List<PhaseResult> results, List<String> summaries) throws Exception {
        StringBuilder table = new StringBuilder();
        table.append("| CA key | protocol | phase | target/s | issuances/s | p50 ms | p90 ms | p99 ms | p99.9 ms | ok "
                + "| backpressure | errors | server CPU µs/iss. | cores used | of which JIT | client CPU µs/iss. | efficiency "
                + "| crypto efficiency | throughput_ratio | peak RSS MiB | heap after GC MiB | GC pause ms | load avg |\n");
        table.append(
                "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        StringBuilder lines = new StringBuilder();
        for (PhaseResult result : results) {
            table.append(result.markdownRow()).append('\n');
            lines.append(result.json()).append('\n');
        }
        String summary = String.join("\n", summaries);
        System.out.println();
        System.out.println(table);
        System.out.println(summary);
        BenchReport.save(SMOKE ? "issuance-smoke" : "issuance", lines, table + "\n" + summary);
    }

    /** The key as the provider that will use it holds it, so the ceiling does not convert it per call. */
    private static PublicKey bcKey(String algorithm, PublicKey key, BouncyCastleProvider provider) throws Exception {
        KeyFactory factory =
                provider == null ? KeyFactory.getInstance(algorithm) : KeyFactory.getInstance(algorithm, provider);
        return factory.generatePublic(new X509EncodedKeySpec(key.getEncoded()));
    }
}
