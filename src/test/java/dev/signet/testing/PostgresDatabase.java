package dev.signet.testing;

import dev.signet.ctlog.embedded.LogKeys;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh PostgreSQL schema for each test, migrated with the shared log's Flyway migrations
 * ({@code db/ctlog}) and dropped afterwards, on the server at {@code SIGNET_TEST_POSTGRESQL_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/test}) as {@code SIGNET_TEST_POSTGRESQL_USER}
 * (default {@code postgres}) with {@code SIGNET_TEST_POSTGRESQL_PASSWORD} (default none). Use with
 * {@code @RegisterExtension} (or {@link #onDemand()}). When the server cannot be reached the test is skipped, saying why,
 * unless {@code SIGNET_REQUIRE_POSTGRESQL=true} (set by {@code .ci/run}), where it fails instead.
 */
public final class PostgresDatabase implements BeforeEachCallback, AfterEachCallback {
    private static final int CONNECT_SECONDS = 3;

    private final boolean lazy;
    private String schema;

    /** A migrated schema for each test, made before it runs: every test of the class needs PostgreSQL. */
    public PostgresDatabase() {
        this(false);
    }

    private PostgresDatabase(boolean lazy) {
        this.lazy = lazy;
    }

    /**
     * A migrated schema made only when a test first asks for it, so a class whose tests run on
     * several backends skips only its PostgreSQL runs when the server is missing.
     */
    public static PostgresDatabase onDemand() {
        return new PostgresDatabase(true);
    }

    /** The server's JDBC URL, without a schema. */
    public static String serverUrl() {
        return env("SIGNET_TEST_POSTGRESQL_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static String user() {
        return env("SIGNET_TEST_POSTGRESQL_USER", "postgres");
    }

    public static String password() {
        return env("SIGNET_TEST_POSTGRESQL_PASSWORD", "");
    }

    /** Whether tests on PostgreSQL run: the server answers, or it is required (and its absence fails them). */
    public static boolean usableOrRequired() {
        return unavailableReason() == null || required();
    }

    private static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("SIGNET_REQUIRE_POSTGRESQL"));
    }

    /** Creates a fresh, empty schema and returns its name. */
    public static String createSchema() throws SQLException {
        String name = "signet_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = dataSource(null).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
        }
        return name;
    }

    /** Drops a schema {@link #createSchema} made, with everything in it. */
    public static void dropSchema(String name) throws SQLException {
        try (Connection connection = dataSource(null).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }

    /**
     * The JDBC URL of {@code schema}; its connections carry the schema's name as their
     * {@code application_name}, so a test can end exactly its own sessions on a shared server.
     */
    public static String url(String schema) {
        return serverUrl() + (serverUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema
                + "&ApplicationName=" + schema;
    }

    /** Ends every session of {@code schema}'s connections, as a database restart would; returns how many. */
    public static int terminateSessions(String schema) throws SQLException {
        try (Connection connection = dataSource(null).getConnection();
                java.sql.PreparedStatement terminate = connection.prepareStatement(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
            terminate.setString(1, schema);
            try (java.sql.ResultSet row = terminate.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /**
     * Skips the calling test (or fails it, when PostgreSQL is required) unless the server answers.
     */
    public static void assumeAvailable() {
        String reason = unavailableReason();
        if (reason != null && required()) {
            Assertions.fail("SIGNET_REQUIRE_POSTGRESQL is set but PostgreSQL is unavailable: " + reason);
        }
        Assumptions.assumeTrue(reason == null, () -> "PostgreSQL tests skipped: " + reason);
    }

    private static String unavailableReason() {
        try (Connection connection = dataSource(null).getConnection()) {
            return null;
        } catch (SQLException e) {
            return serverUrl() + " as " + user() + " cannot be reached (" + e.getMessage()
                    + "); set SIGNET_TEST_POSTGRESQL_URL/USER/PASSWORD";
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        if (!lazy) {
            prepare();
        }
    }

    private void prepare() throws SQLException {
        assumeAvailable();
        schema = createSchema();
        Flyway.configure().dataSource(dataSource(schema)).schemas(schema).locations("db/ctlog").load().migrate();
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        if (schema != null) {
            dropSchema(schema);
            schema = null;
        }
    }

    /** This test's schema. */
    public String schema() {
        return schema;
    }

    /** Connections to this test's schema. */
    public DataSource dataSource() {
        if (schema == null) {
            try {
                prepare();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot prepare a schema", e);
            }
        }
        return dataSource(schema);
    }

    /** The JDBC URL of this test's schema, for a Signet process or a Quarkus test. */
    public String url() {
        return url(schema);
    }

    /** Runs SQL on this test's schema (as a test's fault or check). */
    public void execute(String sql) throws SQLException {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * The properties that run a Signet on the shared log in {@code schema}: the postgresql storage
     * with this server's connection, a log key generated under {@code keyDirectory}, and
     * {@code publicUrl}, from which the log's origin follows.
     */
    public static Map<String, String> sharedLogProperties(String schema, Path keyDirectory, String publicUrl) {
        LogKeys.loadOrGenerate(keyDirectory, Optional.empty());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("signet.ctlog.embedded.storage", "postgresql");
        properties.put("signet.ctlog.embedded.postgresql.url", url(schema));
        properties.put("signet.ctlog.embedded.postgresql.user", user());
        if (!password().isEmpty()) {
            properties.put("signet.ctlog.embedded.postgresql.password", password());
        }
        properties.put("signet.ctlog.embedded.key", keyDirectory.resolve(LogKeys.GENERATED_KEY_FILE).toString());
        properties.put("signet.public-url", publicUrl);
        return properties;
    }

    /** Connections to {@code schema} (null: no schema set). */
    public static PGSimpleDataSource dataSource(String schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(serverUrl());
        dataSource.setUser(user());
        if (!password().isEmpty()) {
            dataSource.setPassword(password());
        }
        dataSource.setConnectTimeout(CONNECT_SECONDS);
        dataSource.setSocketTimeout(30);
        if (schema != null) {
            dataSource.setCurrentSchema(schema);
        }
        return dataSource;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
