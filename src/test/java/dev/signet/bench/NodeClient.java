package dev.signet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The issuance load generator that does not run on the JVM: {@code node-issuance-client.js}, Node.js
 * with only {@code node:http} (HTTP/1.1 keep-alive connections, a fixed number of requests in flight,
 * the bench's pre-minted request bodies in turn), started here as a child process and driven over its
 * stdin/stdout. It runs its own closed loop; this side opens and closes the measured window and
 * reads the server's figures across it, as for the JVM clients, and counts the node process's CPU as
 * the client's.
 */
final class NodeClient implements LoadPhases.ExternalLoop, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader answers;
    private final Writer commands;
    private final Path latencies;
    private final String framing;
    private Map<String, Long> failures = Map.of();

    private NodeClient(Process process, Path latencies, String framing) {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.latencies = latencies;
        this.framing = framing;
    }

    /** True when a {@code node} executable answers {@code --version}. */
    static boolean available() {
        try {
            Process probe = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Writes the REST bodies of {@code fixtures} one a line into {@code directory} (once per run), the
     * script beside them, and starts node against {@code host:port}.
     *
     * @param framing "length" (Content-Length) or "chunked" (Transfer-Encoding: chunked)
     */
    static NodeClient start(IssuanceFixtures fixtures, Path directory, String host, int port, int connections,
            int inFlight, long timeoutMillis, String framing, Path log) throws IOException {
        Files.createDirectories(directory);
        Path bodies = directory.resolve("node-bodies.txt");
        if (!Files.exists(bodies)) {
            List<byte[]> lines = new ArrayList<>();
            for (int i = 0; i < fixtures.size(); i++) {
                lines.add(fixtures.get(i).restBody());
            }
            try (var out = Files.newOutputStream(bodies)) {
                for (byte[] line : lines) {
                    out.write(line);
                    out.write('\n');
                }
            }
        }
        Path script = directory.resolve("node-issuance-client.js");
        try (InputStream source = NodeClient.class.getResourceAsStream("node-issuance-client.js")) {
            if (source == null) {
                throw new IOException("node-issuance-client.js is not on the test class path");
            }
            Files.write(script, source.readAllBytes());
        }
        Process process = new ProcessBuilder("node", script.toString(), host, Integer.toString(port),
                bodies.toString(), Integer.toString(connections), Integer.toString(inFlight),
                Long.toString(timeoutMillis), framing)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        NodeClient client = new NodeClient(process, directory.resolve("node-latencies.txt"), framing);
        client.await("ready");
        return client;
    }

    String protocol() {
        return framing.equals("length") ? "node-rest-v2" : "node-rest-v2-" + framing;
    }

    /** Sequential requests until {@code count} succeed (the node process's own code warms up too). */
    Map<String, Long> prime(int count) throws IOException {
        command("prime " + count);
        JsonNode primed = await("primed");
        if (primed.path("ok").asLong() == 0) {
            throw new IllegalStateException("node client: no certificate while priming: " + primed.path("failures"));
        }
        return failures(primed.path("failures"));
    }

    @Override
    public void start() throws IOException {
        command("start");
        await("started");
    }

    @Override
    public void measure(Duration window) throws IOException {
        command(String.format(Locale.ROOT, "measure %.3f %s", window.toNanos() / 1e9, latencies));
    }

    @Override
    public LoadPhases.ExternalResult result() throws IOException {
        JsonNode measured = await("measured");
        Histogram histogram = new Histogram(3);
        for (String line : Files.readAllLines(latencies)) {
            if (!line.isBlank()) {
                histogram.recordValue(Math.max(1, Long.parseLong(line.trim())));
            }
        }
        LoadPhases.ExternalResult result =
                new LoadPhases.ExternalResult(measured.path("ok").asLong(), measured.path("backpressure").asLong(),
                        measured.path("errors").asLong(), histogram, measured.path("sent").asLong(-1));
        failures = failures(measured.path("failures"));
        return result;
    }

    /** Why requests in the last window did not get a certificate (status and message), with counts. */
    Map<String, Long> takeFailureReasons() {
        Map<String, Long> taken = failures;
        failures = Map.of();
        return taken;
    }

    @Override
    public long cpuNanos() {
        return ServerProbe.processCpuNanos(process.pid());
    }

    private static Map<String, Long> failures(JsonNode object) {
        Map<String, Long> reasons = new TreeMap<>();
        object.fields().forEachRemaining(field -> reasons.put(field.getKey(), field.getValue().asLong()));
        return reasons;
    }

    private void command(String line) throws IOException {
        commands.write(line + "\n");
        commands.flush();
    }

    /** Reads answers until one with {@code event}; the node script bounds every wait it can cause. */
    private JsonNode await(String event) throws IOException {
        for (String line; (line = answers.readLine()) != null;) {
            JsonNode answer = JSON.readTree(line);
            if (event.equals(answer.path("event").asText())) {
                return answer;
            }
        }
        throw new IOException("node client ended before '" + event + "' (exit " + exitValue() + "), see its log");
    }

    private String exitValue() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
