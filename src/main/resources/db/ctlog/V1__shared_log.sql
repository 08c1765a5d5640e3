-- The embedded log's shared state (signet.ctlog.embedded.storage=postgresql); see docs/ctlog.md.

-- The one state row: the committed checkpoint. Every flush locks it (SELECT ... FOR UPDATE), so the
-- database serialises the replicas' flushes, and replaces it only if it is still the one locked.
CREATE TABLE ctlog_state (
    id         smallint PRIMARY KEY CHECK (id = 1),
    checkpoint text     NOT NULL
);

-- Tiles by static-ct-api path (tile/<L>/<N>[.p/<W>], tile/data/<N>[.p/<W>]). A path is written once:
-- a second insert of it would extend the tree from a size already extended (a fork), and fails.
CREATE TABLE ctlog_tiles (
    path    text  PRIMARY KEY,
    content bytea NOT NULL
);

-- Issuer certificates by the hex SHA-256 of their DER (content-addressed: inserting one again is a no-op).
CREATE TABLE ctlog_issuers (
    name text  PRIMARY KEY,
    der  bytea NOT NULL
);

-- Every entry: its deduplication key (a chain already logged is answered with its entry) and its
-- RFC 6962 leaf hash (get-proof-by-hash).
CREATE TABLE ctlog_entries (
    entry_index     bigint PRIMARY KEY,
    entry_key       bytea  NOT NULL UNIQUE,
    leaf_hash       bytea  NOT NULL,
    entry_timestamp bigint NOT NULL
);
CREATE INDEX ctlog_entries_leaf_hash ON ctlog_entries (leaf_hash);
