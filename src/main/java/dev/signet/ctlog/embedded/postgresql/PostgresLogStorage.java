package dev.signet.ctlog.embedded.postgresql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.ctlog.embedded.Checkpoints;
import dev.signet.ctlog.embedded.EntryKey;
import dev.signet.ctlog.embedded.LogStorage;
import dev.signet.ctlog.embedded.StoredFile;
import java.io.IOException;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The log in PostgreSQL tables (schema: {@code db/ctlog}, migrated by Flyway), shared by any number
 * of replicas, each with its own pool and sequencer. A flush is one transaction: it locks the one
 * state row ({@code SELECT ... FOR UPDATE}), so the database serialises the writers with no leader;
 * inserts the tiles (a path already there means a fork attempt: the insert fails and so does the
 * transaction), the issuers and the entries, replaces the checkpoint (still guarded by
 * {@code WHERE checkpoint = <locked>}) and commits. Only the commit makes anything visible, so a
 * crash at any point leaves either the whole flush or none of it.
 *
 * <p>Readers get the checkpoint from the state row on every call, and tiles and issuers from the
 * tables through a cache bounded by bytes: a path's content never changes once committed.
 */
public final class PostgresLogStorage implements LogStorage {
    /** Bytes of tiles and issuers kept in memory, whatever the log's size. */
    static final long CACHE_BYTES = 64L * 1024 * 1024;
    /**
     * Bounds on one flush's statements: waiting for another replica's flush (which holds the lock for
     * one short transaction), any statement, and a transaction left idle by a replica that froze
     * while holding the lock (the server then ends it and frees the lock for the others).
     */
    private static final String FLUSH_TIMEOUTS = "SET LOCAL lock_timeout = '5s'; SET LOCAL statement_timeout = '10s';"
            + " SET LOCAL idle_in_transaction_session_timeout = '10s'";
    /** How long a readiness probe waits for the database. */
    private static final int PROBE_SECONDS = 2;
    private static final String ISSUER = "issuer/";
    private static final Logger LOG = Logger.getLogger(PostgresLogStorage.class.getName());

    private final DataSource dataSource;
    private final String description;
    private final Cache<String, byte[]> files = Caffeine.newBuilder()
            .maximumWeight(CACHE_BYTES)
            .weigher((String path, byte[] content) -> content.length + 2 * path.length() + 64)
            .build();

    /**
     * A log in the tables {@code dataSource} reaches (already migrated).
     *
     * @param description where the database is, for the logs (never with a password)
     */
    public PostgresLogStorage(DataSource dataSource, String description) {
        this.dataSource = dataSource;
        this.description = description;
    }

    /**
     * Creates the state row with the empty tree's checkpoint unless some replica did, then checks the
     * stored checkpoint belongs to this log (origin and key): a database holding another log's state
     * is refused, never overwritten.
     */
    @Override
    public String open(Checkpoints checkpoints) throws IOException {
        String text;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO ctlog_state (id, checkpoint) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, checkpoints.empty());
                insert.executeUpdate();
            }
            text = selectCheckpoint(connection, "SELECT checkpoint FROM ctlog_state WHERE id = 1");
        } catch (SQLException e) {
            throw new IOException("cannot read the log's state from PostgreSQL: " + e.getMessage(), e);
        }
        checkpoints.parse(text, "stored");
        return text;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Flush begin() throws IOException {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(FLUSH_TIMEOUTS);
            }
            String locked = selectCheckpoint(connection, "SELECT checkpoint FROM ctlog_state WHERE id = 1 FOR UPDATE");
            return new Transaction(connection, locked);
        } catch (SQLException e) {
            closeAfterFailure(connection);
            throw failure("cannot lock the log's state", e);
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(connection);
            throw e;
        }
    }

    /** One flush's transaction, holding the state row's lock until commit or close. */
    private final class Transaction implements Flush {
        private final Connection connection;
        private final String locked;
        private boolean done;

        Transaction(Connection connection, String locked) {
            this.connection = connection;
            this.locked = locked;
        }

        @Override
        public String checkpoint() {
            return locked;
        }

        @Override
        public Optional<byte[]> read(String path) throws IOException {
            return PostgresLogStorage.this.read(connection, path);
        }

        @Override
        public Map<EntryKey, Logged> logged(Collection<EntryKey> keys) throws IOException {
            Map<EntryKey, Logged> found = new HashMap<>();
            // One index probe per key (the LATERAL join), never a scan: with "entry_key = ANY (?)" the
            // benchmark saw PostgreSQL scan the whole table under the lock, 70 ms a flush at 75,000 entries.
            try (PreparedStatement select = connection.prepareStatement("SELECT e.entry_key, e.entry_index,"
                    + " e.entry_timestamp FROM unnest(?::bytea[]) AS k(entry_key) CROSS JOIN LATERAL (SELECT entry_key,"
                    + " entry_index, entry_timestamp FROM ctlog_entries WHERE entry_key = k.entry_key) AS e")) {
                Array array =
                        connection.createArrayOf("bytea", keys.stream().map(EntryKey::sha256).toArray(byte[][]::new));
                select.setArray(1, array);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.put(new EntryKey(rows.getBytes(1)), new Logged(rows.getLong(2), rows.getLong(3)));
                    }
                }
                return found;
            } catch (SQLException e) {
                throw failure("cannot look up the batch's entries", e);
            }
        }

        @Override
        public void commit(Commit commit) throws IOException {
            try {
                try (PreparedStatement tiles = connection.prepareStatement(
                        "INSERT INTO ctlog_tiles (path, content) VALUES (?, ?)")) {
                    for (StoredFile tile : commit.tiles()) {
                        tiles.setString(1, tile.path());
                        tiles.setBytes(2, tile.content());
                        tiles.addBatch();
                    }
                    tiles.executeBatch();
                }
                if (!commit.issuers().isEmpty()) {
                    try (PreparedStatement issuers = connection.prepareStatement(
                            "INSERT INTO ctlog_issuers (name, der) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                        for (StoredFile issuer : commit.issuers()) {
                            issuers.setString(1, issuer.path().substring(ISSUER.length()));
                            issuers.setBytes(2, issuer.content());
                            issuers.addBatch();
                        }
                        issuers.executeBatch();
                    }
                }
                try (PreparedStatement entries = connection.prepareStatement("INSERT INTO ctlog_entries"
                        + " (entry_index, entry_key, leaf_hash, entry_timestamp) VALUES (?, ?, ?, ?)")) {
                    long index = commit.start();
                    for (Entry entry : commit.entries()) {
                        entries.setLong(1, index++);
                        entries.setBytes(2, entry.key().sha256());
                        entries.setBytes(3, entry.leafHash());
                        entries.setLong(4, entry.timestamp());
                        entries.addBatch();
                    }
                    entries.executeBatch();
                }
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE ctlog_state SET checkpoint = ? WHERE id = 1 AND checkpoint = ?")) {
                    update.setString(1, commit.checkpoint());
                    update.setString(2, commit.previous());
                    if (update.executeUpdate() != 1) {
                        throw new IOException("the log's checkpoint changed under the lock");
                    }
                }
                connection.commit();
                done = true;
            } catch (SQLException e) {
                throw failure("the flush's transaction failed", e);
            }
        }

        @Override
        public void close() {
            if (!done) {
                rollbackAndClose(connection);
                return;
            }
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "closing a connection failed", e);
            }
        }
    }

    @Override
    public String checkpoint() throws IOException {
        try (Connection connection = dataSource.getConnection()) {
            return selectCheckpoint(connection, "SELECT checkpoint FROM ctlog_state WHERE id = 1");
        } catch (SQLException e) {
            throw failure("cannot read the checkpoint", e);
        }
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        byte[] cached = files.getIfPresent(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (Connection connection = dataSource.getConnection()) {
            return read(connection, path);
        } catch (SQLException e) {
            throw failure("cannot read " + path, e);
        }
    }

    private Optional<byte[]> read(Connection connection, String path) throws IOException {
        byte[] cached = files.getIfPresent(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        boolean issuer = path.startsWith(ISSUER);
        String sql = issuer ? "SELECT der FROM ctlog_issuers WHERE name = ?"
                : "SELECT content FROM ctlog_tiles WHERE path = ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, issuer ? path.substring(ISSUER.length()) : path);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                byte[] content = row.getBytes(1);
                files.put(path, content);
                return Optional.of(content);
            }
        } catch (SQLException e) {
            throw failure("cannot read " + path, e);
        }
    }

    @Override
    public Optional<Logged> find(EntryKey key) throws IOException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT entry_index, entry_timestamp FROM ctlog_entries WHERE entry_key = ?")) {
            select.setBytes(1, key.sha256());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Logged(row.getLong(1), row.getLong(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("cannot look up an entry", e);
        }
    }

    @Override
    public OptionalLong find(byte[] leafHash) throws IOException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT min(entry_index) FROM ctlog_entries WHERE leaf_hash = ?")) {
            select.setBytes(1, leafHash);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                long index = row.getLong(1);
                return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(index);
            }
        } catch (SQLException e) {
            throw failure("cannot look up a leaf hash", e);
        }
    }

    /** Everything was in the flush's transaction. */
    @Override
    public void published(Commit commit) {
    }

    @Override
    public Optional<String> problem() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(PROBE_SECONDS) ? Optional.empty()
                    : Optional.of("the log's database does not answer");
        } catch (SQLException e) {
            return Optional.of("the log's database cannot be reached");
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /** The data source belongs to whoever gave it (Quarkus' datasource, a test's fixture). */
    @Override
    public void close() {
        files.invalidateAll();
    }

    private static String selectCheckpoint(Connection connection, String sql) throws SQLException, IOException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            if (!row.next()) {
                throw new IOException("the log's state row is missing: the schema was not migrated or was edited");
            }
            return row.getString(1);
        }
    }

    private static void closeAfterFailure(Connection connection) {
        if (connection != null) {
            rollbackAndClose(connection);
        }
    }

    private static void rollbackAndClose(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "rollback failed (the connection is likely gone)", e);
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "closing a connection failed", e);
        }
    }

    /**
     * The failure with the database's own reason: a batch's first failed statement, not the batch
     * message (which repeats the statement with every tile's bytes).
     */
    private static IOException failure(String what, SQLException cause) {
        SQLException reason = cause instanceof BatchUpdateException batch && batch.getNextException() != null
                ? batch.getNextException() : cause;
        return new IOException(what + ": " + reason.getMessage(), reason);
    }
}
