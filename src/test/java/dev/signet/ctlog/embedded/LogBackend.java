package dev.signet.ctlog.embedded;

import dev.signet.ctlog.embedded.local.LocalLogStorage;
import dev.signet.ctlog.embedded.postgresql.PostgresLogStorage;
import dev.signet.testing.PostgresDatabase;

/** The storages the log's tests run on: each test taking one runs once per backend. */
public enum LogBackend {
    LOCAL,
    POSTGRESQL;

    /**
     * Opens the log of {@code options} on this backend: in {@code options.directory()}, or in
     * {@code database}'s schema (made on first use; the test is skipped when PostgreSQL is missing).
     * Reopening on the same directory or schema reopens the same log.
     */
    public EmbeddedLog open(EmbeddedLogOptions options, PostgresDatabase database) {
        return this == LOCAL ? LocalLogStorage.open(options)
                : EmbeddedLog.open(options, new PostgresLogStorage(database.dataSource(), "test schema"));
    }
}
