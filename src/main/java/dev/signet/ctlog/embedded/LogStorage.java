package dev.signet.ctlog.embedded;

import dev.signet.ctlog.Merkle;
import dev.signet.ctlog.TimestampedEntry;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where the embedded log keeps its whole state: the committed checkpoint, the tiles, the issuers
 * and the index of entries (by deduplication key and by leaf hash). Two variants, picked by
 * {@code signet.ctlog.embedded.storage}: {@code local} (a directory with one writer) and
 * {@code postgresql} (tables shared by any number of replicas, each flushing its own pool).
 *
 * <p>The sequencer runs each flush as one {@link Flush}: it takes the storage's lock on the
 * committed checkpoint, extends the tree, and {@link Flush#commit commits}; only once that returned
 * may any SCT for the flush's entries be handed out.
 */
public interface LogStorage extends PathReader, AutoCloseable {

    /**
     * Recovers an interrupted flush, or creates the empty log; called once, before anything else.
     *
     * @return the committed checkpoint's text
     * @throws dev.signet.error.SignetException CT_LOG when the stored state belongs to another log
     *     or is inconsistent
     */
    String open(Checkpoints checkpoints) throws IOException;

    /**
     * Whether other processes extend the same log. A failed flush is then no reason to stop: the
     * failure is answered "retry later", and the next flush starts again from the stored state.
     */
    boolean shared();

    /** Begins one flush, holding the storage's lock on the committed checkpoint until closed. */
    Flush begin() throws IOException;

    /** The checkpoint readers are served now: the last one committed. */
    String checkpoint() throws IOException;

    /** The entry logged with this key, if it is in the committed tree. */
    Optional<Logged> find(EntryKey key) throws IOException;

    /** The index of the entry with this leaf hash, if it is in the committed tree. */
    OptionalLong find(byte[] leafHash) throws IOException;

    /** Best-effort work once a commit's SCTs are handed out; nothing here can change what was promised. */
    void published(Commit commit);

    /** Why the storage cannot take writes now (for readiness), or empty when it can. */
    Optional<String> problem();

    /** Where the state is, for the logs. */
    String describe();

    @Override
    void close();

    /** One flush: reads and writes under the storage's lock; closing without a commit changes nothing. */
    interface Flush extends PathReader, AutoCloseable {

        /** The committed checkpoint as locked: the tree this flush extends. */
        String checkpoint();

        /** Of these keys, those already logged (by another writer of a shared log), with their entries. */
        Map<EntryKey, Logged> logged(Collection<EntryKey> keys) throws IOException;

        /**
         * Stores the new tiles, issuers and entries and replaces the checkpoint; durable and served
         * to every reader when it returns. An exception means the outcome is unknown.
         */
        void commit(Commit commit) throws IOException;

        @Override
        void close();
    }

    /** An entry found by its key: where it is and when it was logged. */
    record Logged(long index, long timestamp) {
    }

    /**
     * What the index records of one entry: its leaf hash, its deduplication key and its timestamp. The
     * sequencer has all three already, so it hands them over instead of the storage hashing the entry again.
     */
    record Entry(byte[] leafHash, EntryKey key, long timestamp) {
        /** The record of an entry read back from the data tiles. */
        public static Entry of(TimestampedEntry entry) {
            return new Entry(Merkle.leafHash(entry.merkleTreeLeaf()), EntryKey.of(entry), entry.timestamp());
        }
    }

    /**
     * One flush's writes.
     *
     * @param previous the checkpoint text this flush extends (as {@link Flush#checkpoint()} gave it)
     * @param checkpoint the new checkpoint text
     * @param treeSize the new tree's size
     * @param rootHash the new tree's root
     * @param tiles every new or changed tile
     * @param issuers issuer certificates not yet stored, by path ({@code issuer/<sha256>})
     * @param entries the new entries, in index order, ending at {@code treeSize - 1}
     */
    record Commit(String previous, String checkpoint, long treeSize, byte[] rootHash, List<StoredFile> tiles,
            List<StoredFile> issuers, List<Entry> entries) {
        public Commit {
            tiles = List.copyOf(tiles);
            issuers = List.copyOf(issuers);
            entries = List.copyOf(entries);
        }

        /** Index of the first new entry. */
        public long start() {
            return treeSize - entries.size();
        }
    }
}
