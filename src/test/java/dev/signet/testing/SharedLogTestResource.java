package dev.signet.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Signet with the shared log on PostgreSQL ({@code signet.ctlog.embedded.storage=postgresql}) on a
 * fresh, empty schema that Signet migrates itself, with a log key of its own and a public URL;
 * the schema is dropped when the test class is done. Configures nothing when PostgreSQL cannot be
 * used (the test class is then disabled through {@link PostgresDatabase#usableOrRequired}).
 */
public class SharedLogTestResource implements QuarkusTestResourceLifecycleManager {
    /** The public URL the test Signet names itself by; its log's origin is {@code signet.test/log}. */
    public static final String PUBLIC_URL = "https://signet.test";

    private String schema;

    @Override
    public Map<String, String> start() {
        if (!PostgresDatabase.usableOrRequired()) {
            return Map.of();
        }
        try {
            schema = PostgresDatabase.createSchema();
            Map<String, String> config = new HashMap<>(PostgresDatabase.sharedLogProperties(schema,
                    Files.createTempDirectory("signet-shared-log"), PUBLIC_URL));
            config.put("test.shared-log.schema", schema);
            return config;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot prepare the shared log's schema", e);
        }
    }

    @Override
    public void stop() {
        if (schema != null) {
            try {
                PostgresDatabase.dropSchema(schema);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop " + schema, e);
            }
        }
    }
}
