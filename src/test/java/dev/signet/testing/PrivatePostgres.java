package dev.signet.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of the test's own, in a fresh temporary directory on a free loopback port,
 * so a test can crash it ({@link #stopImmediately()}, PostgreSQL's {@code pg_ctl stop -m immediate}:
 * no checkpoint, WAL replay on the next start) and start it again without touching the machine's
 * shared server. Built with {@code initdb} and {@code pg_ctl} from {@link #BIN}; trust authentication
 * on 127.0.0.1 only, superuser {@code postgres}, one database {@link #DATABASE}.
 *
 * <p>PostgreSQL refuses to run as root: when this JVM runs as root, the binaries run as the
 * {@code postgres} user ({@code runuser}) and the directory belongs to it.
 *
 * <p>Tests skip with an assumption when the binaries are missing, unless
 * {@code SIGNET_REQUIRE_POSTGRESQL=true} (CI), where they fail instead.
 */
public final class PrivatePostgres implements AutoCloseable {
    /**
     * The server binaries: {@code -Dsignet.postgresql.bin}, else Debian's PostgreSQL 15
     * ({@code /usr/lib/postgresql/15/bin}), else the newest version Debian's packages installed there.
     */
    public static final Path BIN = serverBinaries();
    public static final String DATABASE = "signet";
    public static final String USER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path directory;
    private final Path data;
    private final int port;
    private final List<String> settings;

    private PrivatePostgres(Path directory, int port, List<String> settings) {
        this.directory = directory;
        this.data = directory.resolve("data");
        this.port = port;
        this.settings = settings;
    }

    /** Why a private cluster cannot run here, or null when it can. */
    public static String unavailableReason() {
        for (String binary : List.of("initdb", "pg_ctl", "psql")) {
            if (!Files.isExecutable(BIN.resolve(binary))) {
                return BIN.resolve(binary) + " is missing (apt-get install postgresql-15)";
            }
        }
        if (runningAsRoot() && !Files.isExecutable(Path.of("/usr/sbin/runuser"))
                && !Files.isExecutable(Path.of("/sbin/runuser"))) {
            return "running as root without runuser to start PostgreSQL as the postgres user";
        }
        return null;
    }

    /** Skips the calling test when PostgreSQL is unavailable; fails it instead when it is required. */
    public static void assumeAvailable() {
        String reason = unavailableReason();
        if (reason != null && "true".equalsIgnoreCase(System.getenv("SIGNET_REQUIRE_POSTGRESQL"))) {
            Assertions.fail("SIGNET_REQUIRE_POSTGRESQL is set but PostgreSQL is unavailable: " + reason);
        }
        Assumptions.assumeTrue(reason == null, () -> "PostgreSQL tests skipped: " + reason);
    }

    /**
     * Creates a cluster (with {@code settings} such as {@code shared_preload_libraries=pg_stat_statements}
     * passed to the server as {@code -c} options), starts it and creates {@link #DATABASE}.
     */
    public static PrivatePostgres start(String... settings) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("signet-pg",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        PrivatePostgres postgres = new PrivatePostgres(directory, freePort(), List.of(settings));
        try {
            if (runningAsRoot()) {
                UserPrincipalLookupService users = directory.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(directory, users.lookupPrincipalByName(USER));
            }
            // --no-sync: only initdb's own files; the server itself keeps fsync on, as in production.
            postgres.run(true, List.of(BIN.resolve("initdb").toString(), "-D", postgres.data.toString(), "-U", USER,
                    "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
            postgres.startAgain();
            postgres.sql("postgres", "CREATE DATABASE " + DATABASE);
            return postgres;
        } catch (IOException | InterruptedException | RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** Starts the (stopped or crashed) cluster on the same port and waits until it accepts connections. */
    public void startAgain() throws IOException, InterruptedException {
        StringBuilder options = new StringBuilder("-p " + port + " -c listen_addresses=127.0.0.1"
                + " -c unix_socket_directories=" + directory);
        for (String setting : settings) {
            options.append(" -c ").append(setting);
        }
        run(true, List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                directory.resolve("server.log").toString(), "-o", options.toString(), "-w", "-t", "60", "start"));
    }

    /** A crash: {@code pg_ctl stop -m immediate} ends every server process at once, without a checkpoint. */
    public void stopImmediately() throws IOException, InterruptedException {
        run(true, List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/signet}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The postmaster's process ID (the first line of {@code postmaster.pid}); its children are the backends. */
    public long serverPid() throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
    }

    public int port() {
        return port;
    }

    /** Runs {@code statement} in {@link #DATABASE} with psql and returns its unaligned, tuples-only output. */
    public String sql(String statement) throws IOException, InterruptedException {
        return sql(DATABASE, statement);
    }

    private String sql(String database, String statement) throws IOException, InterruptedException {
        return run(false, List.of(BIN.resolve("psql").toString(), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, "-d", database, "-c", statement)).strip();
    }

    /** The server's own log, for failure messages. */
    public String serverLog() {
        try {
            return Files.readString(directory.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    /** Stops the cluster (immediately: its data is thrown away) and deletes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                stopImmediately();
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Runs a command (as the postgres user when asked and this JVM is root); its output, or an exception. */
    private String run(boolean asPostgres, List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres && runningAsRoot()) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("signet-pg-command", ".log");
        try {
            // Output to a file: pg_ctl's server keeps inherited pipes open after pg_ctl itself returns.
            Process process = new ProcessBuilder(full).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT_SECONDS
                        + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + text
                        + "\nserver log:\n" + serverLog());
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path serverBinaries() {
        String configured = System.getProperty("signet.postgresql.bin");
        if (configured != null) {
            return Path.of(configured);
        }
        Path versions = Path.of("/usr/lib/postgresql");
        Path fifteen = versions.resolve("15").resolve("bin");
        if (Files.isDirectory(fifteen) || !Files.isDirectory(versions)) {
            return fifteen;
        }
        try (Stream<Path> installed = Files.list(versions)) {
            return installed.filter(version -> version.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingInt(version -> Integer.parseInt(version.getFileName().toString())))
                    .map(version -> version.resolve("bin")).orElse(fifteen);
        } catch (IOException e) {
            return fifteen;
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
