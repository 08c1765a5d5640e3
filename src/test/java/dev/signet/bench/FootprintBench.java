package dev.signet.bench;

import static dev.signet.bench.BenchSettings.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.PackagedSignet;
import dev.signet.testing.TestOidcIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Footprint as an operator sees it (issue #24): the packaged jar with Signet's default settings and no
 * heap size, so the JVM sizes itself from the machine. A first start generates the CA under a fresh data
 * directory (not measured: only a first start does that); then each measured start records the time from
 * launching {@code java} to the first 200 on {@code /q/health/ready}, the process's CPU time by then, and
 * its resident set after idling; the last start then takes a saturating closed loop of REST issuances and
 * records the peak resident set ({@code VmHWM}). Not a test: it asserts only that the runs worked.
 *
 * <p>Run with {@code ./mvnw -B -o verify -Pbench -Dit.test=FootprintBench}; {@code -Dfootprint.jvm-options="-Xa -Xb"}
 * adds JVM options (e.g. the Helm chart's) and {@code -Dbench.server-properties=key=value,...} settings;
 * the rest in docs/performance.md ("Footprint").
 */
@Tag("packaged")
class FootprintBench {
    private static final int STARTS = Integer.getInteger("footprint.starts", 3);
    private static final Duration IDLE = seconds("footprint.idle", 10);
    private static final Duration LOAD = seconds("footprint.load", 20);
    private static final Duration MEASURE = seconds("footprint.seconds", 10);
    private static final int CONCURRENCY = Integer.getInteger("footprint.concurrency", 512);
    private static final int FIXTURES = Integer.getInteger("footprint.fixtures", 6000);
    private static final List<String> JVM_OPTIONS = Arrays
            .stream(System.getProperty("footprint.jvm-options", "").trim().split("\\s+"))
            .filter(option -> !option.isEmpty()).toList();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final long TIMEOUT_MILLIS = 30_000;
    /** Quarkus' own figure: from its main method to listening. */
    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");
    private static final Pattern HEAP_MAX = Pattern.compile("Heap Max Capacity: (\\S+)");

    @TempDir
    Path temp;

    @Test
    void footprint() throws Exception {
        List<String> lines = new ArrayList<>();
        try (TestOidcIssuer issuer = new TestOidcIssuer().start()) {
            IssuanceFixtures fixtures = IssuanceFixtures.mint(issuer, FIXTURES, 10, Duration.ofHours(2),
                    Runtime.getRuntime().availableProcessors());
            Path identity = temp.resolve("identity.json");
            Files.writeString(identity, issuer.identityConfigJson("sigstore", "email"));
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("signet.data-dir", temp.resolve("data").toString());
            properties.put("signet.identity.config", identity.toString());
            properties.putAll(BenchSettings.serverProperties());
            Path logs = Files.createDirectories(BenchReport.DIRECTORY);

            Started first = start(logs, "footprint-first-start", properties);
            System.out.printf(Locale.ROOT, "first start (generates the CA, not counted): ready after %d ms%n",
                    first.readyMillis());
            first.signet().close();

            for (int run = 1; run <= STARTS; run++) {
                Started started = start(logs, "footprint-start-" + run, properties);
                try (PackagedSignet signet = started.signet()) {
                    ServerProbe probe = new ServerProbe(signet.pid(), started.gcLog());
                    TimeUnit.NANOSECONDS.sleep(IDLE.toNanos());
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("bench", "footprint");
                    line.put("jvm_options", String.join(" ", JVM_OPTIONS));
                    line.put("collector", probe.collector());
                    line.put("heap_max", heapMax(started.gcLog()));
                    line.put("ready_ms", started.readyMillis());
                    line.put("cpu_ms_to_ready", started.cpuMillis());
                    line.put("quarkus_started_in_s", startedIn(signet.output()));
                    line.put("idle_rss_mib", round(probe.rssMib()));
                    line.put("idle_threads", threads(signet.pid()));
                    line.put("load_average", ServerProbe.loadAverage());
                    if (run == STARTS) {
                        saturate(signet, probe, fixtures, line);
                    }
                    String json = BenchReport.jsonObject(line);
                    System.out.println(json);
                    lines.add(json);
                }
            }
        }
        BenchReport.save("footprint", String.join("\n", lines) + "\n", markdown(lines));
        assertEquals(STARTS, lines.size());
    }

    private record Started(PackagedSignet signet, long readyMillis, long cpuMillis, Path gcLog) {
    }

    /** Launches the jar and polls readiness every 10 ms: the time counts from just before {@code java} starts. */
    private Started start(Path logs, String name, Map<String, String> properties)
            throws IOException, InterruptedException {
        Path gcLog = logs.resolve(name + "-gc.log").toAbsolutePath();
        Files.deleteIfExists(gcLog);
        List<String> jvm = new ArrayList<>(List.of("-Xlog:gc,gc+init:file=" + gcLog));
        jvm.addAll(JVM_OPTIONS);
        long launched = System.nanoTime();
        PackagedSignet signet = PackagedSignet.launchWithJvmDefaults(logs, name, properties, jvm);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(signet.managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = launched + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!signet.process().isAlive()) {
                throw new IOException("Signet exited before it was ready:\n" + signet.tail());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    long readyMillis = (System.nanoTime() - launched) / 1_000_000;
                    return new Started(signet, readyMillis, ServerProbe.processCpuNanos(signet.pid()) / 1_000_000,
                            gcLog);
                }
            } catch (IOException notListening) {
                // Not listening yet.
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        signet.kill();
        throw new IOException("Signet was not ready within " + READY_TIMEOUT + ":\n" + signet.tail());
    }

    /** A closed loop of REST issuances with {@link #CONCURRENCY} in flight; peak RSS is the process's VmHWM. */
    private static void saturate(PackagedSignet signet, ServerProbe probe, IssuanceFixtures fixtures,
            Map<String, Object> line) throws Exception {
        URI base = URI.create(signet.baseUrl());
        LoadPhases phases = new LoadPhases(fixtures, new AtomicLong(), probe);
        try (IssuanceClient client = IssuanceClient.rest(base.getHost(), base.getPort(), CONCURRENCY,
                TIMEOUT_MILLIS)) {
            phases.prime(client, TIMEOUT_MILLIS);
            LoadPhases.Measured measured = phases.closedLoop(client, CONCURRENCY, LOAD, LOAD, MEASURE);
            assertTrue(measured.ok() > 0, "no certificate under load");
            line.put("load_issuances_per_s", round(measured.ok() / measured.seconds()));
            line.put("load_errors", measured.errors());
            line.put("load_cores_used", round(measured.serverCpuNanos() / 1e9 / measured.seconds()));
            line.put("peak_rss_mib", round(probe.peakRssMib()));
        }
        TimeUnit.NANOSECONDS.sleep(IDLE.toNanos());
        line.put("rss_after_load_idle_mib", round(probe.rssMib()));
    }

    private static String startedIn(String output) {
        Matcher matcher = STARTED_IN.matcher(output);
        return matcher.find() ? matcher.group(1) : "?";
    }

    private static String heapMax(Path gcLog) {
        try {
            Matcher matcher = HEAP_MAX.matcher(Files.readString(gcLog));
            return matcher.find() ? matcher.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    private static long threads(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static String markdown(List<String> lines) {
        return "# Footprint (" + String.join(" ", JVM_OPTIONS) + ")\n\n" + String.join("\n\n", lines) + "\n";
    }
}
