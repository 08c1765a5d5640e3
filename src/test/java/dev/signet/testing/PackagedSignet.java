package dev.signet.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged Signet ({@code target/quarkus-app/quarkus-run.jar}) run as a child JVM on free
 * loopback ports, in the prod profile, with its output in a log file: for tests that must kill
 * the real process.
 */
public final class PackagedSignet implements AutoCloseable {
    /** Where the packaged jar is; failsafe sets {@code signet.jar}. */
    public static final Path JAR = Path.of(System.getProperty("signet.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final int httpPort;
    private final int managementPort;
    private final Path logFile;

    private PackagedSignet(Process process, int httpPort, int managementPort, Path logFile) {
        this.process = process;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.logFile = logFile;
    }

    /**
     * Starts Signet with these system properties (on top of the prod profile, loopback host, free
     * ports and {@code -Xmx256m}) and waits until {@code /q/health/ready} answers 200.
     *
     * @param name names the log file {@code <logDirectory>/<name>.log}
     */
    public static PackagedSignet startReady(Path logDirectory, String name, Map<String, String> properties)
            throws IOException, InterruptedException {
        return startReady(logDirectory, name, properties, List.of());
    }

    /** As {@link #startReady(Path, String, Map)}, with JVM options after the default ones (a later -Xmx wins). */
    public static PackagedSignet startReady(Path logDirectory, String name, Map<String, String> properties,
            List<String> jvmArgs) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            PackagedSignet signet = launch(logDirectory, name + (attempt == 1 ? "" : "-retry" + attempt), properties,
                    jvmArgs);
            try {
                signet.awaitReady();
                return signet;
            } catch (IOException e) {
                signet.kill();
                last = e;
                // Free ports are found by binding port 0 and releasing it: another process may take one first.
                if (!signet.output().contains("already in use") && !signet.output().contains("Port already bound")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    /** Starts Signet without waiting; for runs that are expected to fail. */
    public static PackagedSignet launch(Path logDirectory, String name, Map<String, String> properties)
            throws IOException {
        return launch(logDirectory, name, properties, List.of());
    }

    /**
     * Starts Signet without waiting and without the default {@code -Xmx}: the JVM sizes its heap as it
     * would for an operator who gives no options (the footprint benchmark).
     */
    public static PackagedSignet launchWithJvmDefaults(Path logDirectory, String name, Map<String, String> properties,
            List<String> jvmArgs) throws IOException {
        return launch(logDirectory, name, properties, jvmArgs, false);
    }

    private static PackagedSignet launch(Path logDirectory, String name, Map<String, String> properties,
            List<String> jvmArgs) throws IOException {
        return launch(logDirectory, name, properties, jvmArgs, true);
    }

    private static PackagedSignet launch(Path logDirectory, String name, Map<String, String> properties,
            List<String> jvmArgs, boolean fixedHeap) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run `./mvnw package` first");
        }
        int http = freePort();
        int management = freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("quarkus.profile", "prod");
        all.put("quarkus.http.host", "127.0.0.1");
        all.put("quarkus.management.host", "127.0.0.1");
        all.put("quarkus.http.port", Integer.toString(http));
        all.put("quarkus.management.port", Integer.toString(management));
        // Load tests issue hundreds of certificates a second from one address and identity; a test of the limits turns them on.
        all.put("signet.rate-limit.enabled", "false");
        all.putAll(properties);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (fixedHeap) {
            command.add("-Xmx256m");
        }
        command.addAll(jvmArgs);
        // Extra JVM options for profiling the child, e.g. -Dpackaged.jvm-args=-XX:StartFlightRecording=filename=x.jfr
        for (String option : System.getProperty("packaged.jvm-args", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        for (Map.Entry<String, String> property : all.entrySet()) {
            command.add("-D" + property.getKey() + "=" + property.getValue());
        }
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(name + ".log");
        // Output goes to a file: a full pipe would stall the child.
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        return new PackagedSignet(process, http, management, log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            // Polls until ready; stops early when the process has exited, which the check below reports.
            Awaitility.await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> !process.isAlive() || isReady(client, ready));
        } catch (ConditionTimeoutException e) {
            throw new IOException("Signet was not ready within " + READY_TIMEOUT + ":\n" + tail());
        }
        if (!process.isAlive()) {
            throw new IOException("Signet exited with " + process.exitValue() + " before it was ready:\n" + tail());
        }
    }

    private static boolean isReady(HttpClient client, HttpRequest ready) throws InterruptedException {
        try {
            return client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** {@code http://127.0.0.1:<management port>}, where health and metrics are served. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Waits for the process to exit by itself; returns its exit code, or empty if it still runs. */
    public java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue())
                : java.util.OptionalInt.empty();
    }

    /**
     * SIGKILL (on Linux {@link Process#destroyForcibly()} is {@code kill -9}): no shutdown hook,
     * no flush, no lock release by the JVM. Returns once the process is gone.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Signet pid " + process.pid() + " survived SIGKILL");
        }
    }

    /** Whether the operating system still knows the process. */
    public boolean osProcessAlive() {
        return ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** Everything the process wrote so far. */
    public String output() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** The last 60 lines of output, for failure messages. */
    public String tail() {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    public Path logFile() {
        return logFile;
    }
}
