package dev.signet.ctlog.embedded.local;

import dev.signet.ctlog.embedded.EntryKey;
import dev.signet.ctlog.embedded.LogStorage.Entry;
import dev.signet.ctlog.embedded.LogStorage.Logged;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Logger;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The log's two lookups, on disk in an H2 MVStore file so that memory does not grow with the log:
 * leaf hash to index (for {@code get-proof-by-hash}) and {@link EntryKey} to index and timestamp
 * (deduplication: a chain already logged is answered with its entry's SCT).
 *
 * <p>Entries are recorded only after their checkpoint is published, in index order, so the index
 * never claims an entry outside the published tree. {@link #count()} says how many leading entries
 * it holds. It is not fsync'd: a crash may lose its last records, and the log refills them from
 * the data tiles on start. A record count above the published tree (restored or edited data) makes
 * {@link #truncate} empty the index, which the log then rebuilds from the tiles.
 *
 * <p>Memory: the MVStore page cache, {@link #CACHE_MB} MiB whatever the log's size.
 */
final class EntryIndex implements AutoCloseable {
    static final String FILE = "index.mv.db";
    /** The MVStore page cache; lookups past it read pages the OS usually still has cached. */
    static final int CACHE_MB = 16;
    /**
     * Smaller pages than MVStore's default: a flush's records land on random pages (the keys are
     * hashes), and each commit rewrites every page it touched, so the page size multiplies the writes.
     */
    private static final int PAGE_SPLIT_BYTES = 4096;
    /**
     * How long a chunk without live pages is kept before its space is reused. MVStore's 45 s default
     * lets a file written at a thousand entries a second carry about 45 s of rewritten pages; a few
     * seconds suffice for the OS to write back (a process crash loses nothing the OS has), and for a
     * lookup (microseconds) still reading an older version's pages; a file a power loss left
     * unreadable is rebuilt from the tiles.
     */
    private static final int RETENTION_MILLIS = 5000;
    private static final Logger LOG = Logger.getLogger(EntryIndex.class.getName());
    private static final String COUNT = "count";
    /** Committed before the records of an append: no record exists for an index at or past it. */
    private static final String HIGH_WATER = "high-water";

    private final MVStore store;
    private final MVMap<byte[], Long> byLeafHash;
    private final MVMap<byte[], long[]> byEntryKey;
    private final MVMap<String, Long> state;

    private EntryIndex(MVStore store) {
        this.store = store;
        this.byLeafHash = store.openMap("leaf-hash");
        this.byEntryKey = store.openMap("entry-key");
        this.state = store.openMap("state");
    }

    /**
     * Opens (or creates) the index file {@code path}; a file MVStore cannot open (torn by a power loss)
     * is replaced by an empty one, which the log refills from the data tiles.
     */
    static EntryIndex open(Path path) {
        try {
            return new EntryIndex(openStore(path));
        } catch (RuntimeException e) {
            LOG.warning("the entry index " + path + " cannot be opened (" + e.getMessage() + "); rebuilding it");
            try {
                Files.deleteIfExists(path);
            } catch (IOException deleteFailed) {
                throw new UncheckedIOException(deleteFailed);
            }
            return new EntryIndex(openStore(path));
        }
    }

    private static MVStore openStore(Path path) {
        MVStore store = new MVStore.Builder().fileName(path.toString()).cacheSize(CACHE_MB)
                .pageSplitSize(PAGE_SPLIT_BYTES).open();
        store.setRetentionTime(RETENTION_MILLIS);
        return store;
    }

    /** Entries {@code [0, count)} are recorded. */
    long count() {
        return state.getOrDefault(COUNT, 0L);
    }

    /**
     * Forgets everything when more entries are recorded than the tree of {@code size} holds. That
     * happens only when the tree was rolled back (never allowed, see docs/ctlog.md); a record for an
     * index past {@code size} may name another entry than the one the tree will get there.
     */
    synchronized void truncate(long size) {
        long recorded = Math.max(count(), state.getOrDefault(HIGH_WATER, 0L));
        if (recorded > size) {
            LOG.warning("the entry index has records up to " + recorded + ", the tree holds " + size
                    + "; rebuilding it from the data tiles");
            byLeafHash.clear();
            byEntryKey.clear();
            state.put(COUNT, 0L);
            state.put(HIGH_WATER, 0L);
            store.commit();
        }
    }

    /**
     * Records the entries {@code [count, count + entries.size())}, in order. The high-water mark is
     * committed before the records and the records before the count that covers them, so whatever a
     * crash keeps, every index below the stored count is recorded and none at or past the mark.
     */
    synchronized void append(List<Entry> entries) {
        long index = count();
        state.put(HIGH_WATER, index + entries.size());
        store.commit();
        for (Entry entry : entries) {
            byLeafHash.putIfAbsent(entry.leafHash(), index);
            byEntryKey.putIfAbsent(entry.key().sha256(), new long[] {index, entry.timestamp()});
            index++;
        }
        store.commit();
        state.put(COUNT, index);
    }

    /** The index of the entry with this leaf hash. */
    OptionalLong find(byte[] leafHash) {
        Long index = byLeafHash.get(leafHash);
        return index == null ? OptionalLong.empty() : OptionalLong.of(index);
    }

    /** The first entry logged with this key. */
    Optional<Logged> find(EntryKey key) {
        long[] logged = byEntryKey.get(key.sha256());
        return logged == null ? Optional.empty() : Optional.of(new Logged(logged[0], logged[1]));
    }

    /** Commits what is pending and closes the file. */
    @Override
    public synchronized void close() {
        store.close();
    }

    /** Closes the file without committing, as a crash would leave it (for tests). */
    synchronized void closeAsInACrash() {
        store.closeImmediately();
    }
}
