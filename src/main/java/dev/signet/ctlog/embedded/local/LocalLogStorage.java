package dev.signet.ctlog.embedded.local;

import dev.signet.ctlog.embedded.Checkpoint;
import dev.signet.ctlog.embedded.Checkpoints;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.ctlog.embedded.EmbeddedLogOptions;
import dev.signet.ctlog.embedded.EntryKey;
import dev.signet.ctlog.embedded.LogStorage;
import dev.signet.ctlog.embedded.Storage;
import dev.signet.ctlog.embedded.StoredFile;
import dev.signet.ctlog.embedded.TileLeaf;
import dev.signet.ctlog.embedded.TilePath;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log in one local directory with one writer, as Sunlight keeps it: tiles, issuers and the
 * public {@code checkpoint} as fsync'd files, the committed checkpoint in the {@link LockStore}
 * (held for the process's life), a staging bundle per flush written before the checkpoint's
 * compare-and-swap so that recovery can finish a flush interrupted after it, and the
 * {@link EntryIndex} (an MVStore file refilled from the data tiles when a crash lost its tail).
 */
public final class LocalLogStorage implements LogStorage {
    /** The entry index's file name in the log directory. */
    public static final String INDEX_FILE = EntryIndex.FILE;
    private static final Logger LOG = Logger.getLogger(LocalLogStorage.class.getName());
    private static final String CHECKPOINT = "checkpoint";
    /** The file of the former in-memory leaf hash index, replaced by {@link EntryIndex}. */
    private static final String FORMER_LEAF_HASHES = "leaf-hashes";

    private final Path directory;
    private final Storage files;
    private LockStore lockStore;
    private EntryIndex index;
    /** The committed checkpoint's text; written by the sequencer only. */
    private String committed;
    /** The published checkpoint and its tree size: what readers are served. */
    private volatile Published published;

    private record Published(String text, long treeSize) {
    }

    /**
     * Opens (or creates) the log in {@code options.directory()} on this storage, recovering an
     * interrupted flush; the files go through {@code options.storage()} when set.
     *
     * @throws dev.signet.error.SignetException CT_LOG when another instance holds the directory, the
     *     stored state is inconsistent, or the clock is behind the last checkpoint
     */
    public static EmbeddedLog open(EmbeddedLogOptions options) {
        return EmbeddedLog.open(options, new LocalLogStorage(options.directory(), options.storage()));
    }

    /**
     * A log in {@code directory}; its public files go through {@code files} (null: {@link FileStorage}
     * on the directory itself), which tests replace to inject disk faults.
     */
    public LocalLogStorage(Path directory, Storage files) {
        this.directory = directory;
        this.files = files != null ? files : new FileStorage(directory);
    }

    @Override
    public String open(Checkpoints checkpoints) throws IOException {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SignetException(ErrorKind.CT_LOG, "cannot create the log directory " + directory, e);
        }
        lockStore = LockStore.open(directory.resolve("lock"));
        try {
            Checkpoint recovered = recover(checkpoints);
            Files.deleteIfExists(directory.resolve(FORMER_LEAF_HASHES));
            index = EntryIndex.open(directory.resolve(EntryIndex.FILE));
            catchUp(recovered.treeSize());
            return committed;
        } catch (IOException | RuntimeException e) {
            close();
            if (e instanceof SignetException signet) {
                throw signet;
            }
            throw new SignetException(ErrorKind.CT_LOG, "cannot open the log in " + directory + ": " + e.getMessage(),
                    e);
        }
    }

    /** Sunlight's {@code LoadLog}: compare the lock store with the published checkpoint, finish a flush if needed. */
    private Checkpoint recover(Checkpoints checkpoints) throws IOException {
        Optional<String> locked = lockStore.read();
        Optional<String> publishedText = files.read(CHECKPOINT).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        if (locked.isEmpty()) {
            if (publishedText.isPresent()) {
                throw Checkpoints
                        .refuse("a published checkpoint exists but the lock store is empty: restored or foreign data");
            }
            String empty = checkpoints.empty();
            lockStore.compareAndSwap(Optional.empty(), empty);
            files.write(List.of(new StoredFile(CHECKPOINT, empty.getBytes(StandardCharsets.UTF_8))));
            committed = empty;
            published = new Published(empty, 0);
            return checkpoints.parse(empty, "new");
        }
        Checkpoint lockedCheckpoint = checkpoints.parse(locked.get(), "lock-store");
        if (publishedText.isPresent() && !publishedText.get().equals(locked.get())) {
            Checkpoint public_ = checkpoints.parse(publishedText.get(), "published");
            if (public_.treeSize() >= lockedCheckpoint.treeSize()) {
                throw Checkpoints.refuse("the published checkpoint (size " + public_.treeSize()
                        + ") is newer than or conflicts with the committed one (size " + lockedCheckpoint.treeSize()
                        + ")");
            }
        }
        if (checkpoints.clock().millis() < lockedCheckpoint.timestamp()) {
            throw Checkpoints
                    .refuse("the clock is behind the last checkpoint (" + lockedCheckpoint.timestamp() + " ms)");
        }
        if (publishedText.isEmpty() || !publishedText.get().equals(locked.get())) {
            String staging = StagingBundle.path(lockedCheckpoint.treeSize(), lockedCheckpoint.rootHash());
            if (lockedCheckpoint.treeSize() > 0) {
                byte[] bundle = files.read(staging).orElseThrow(
                        () -> Checkpoints
                                .refuse("the committed checkpoint is unpublished and its staging bundle is missing"));
                files.write(StagingBundle.decode(bundle));
            }
            files.write(List.of(new StoredFile(CHECKPOINT, locked.get().getBytes(StandardCharsets.UTF_8))));
            LOG.info("re-applied the staged tiles of tree size " + lockedCheckpoint.treeSize() + " and published it");
            files.delete(staging);
        }
        committed = locked.get();
        published = new Published(locked.get(), lockedCheckpoint.treeSize());
        return lockedCheckpoint;
    }

    /** Refills the entry index from the data tiles after a crash lost its tail (or all of it, when it was new). */
    private void catchUp(long size) throws IOException {
        index.truncate(size);
        long from = index.count();
        while (index.count() < size) {
            long tile = index.count() / TilePath.WIDTH;
            int width = (int) Math.min(TilePath.WIDTH, size - tile * TilePath.WIDTH);
            String path = TilePath.dataTile(tile, width);
            List<TileLeaf> leaves = TileLeaf.readAll(files.read(path)
                    .orElseThrow(() -> new SignetException(ErrorKind.CT_LOG, path + " is missing from storage")));
            List<Entry> entries = new ArrayList<>();
            for (int i = (int) (index.count() - tile * TilePath.WIDTH); i < leaves.size(); i++) {
                entries.add(Entry.of(leaves.get(i).entry()));
            }
            index.append(entries);
        }
        if (size > from) {
            LOG.info("indexed entries " + from + ".." + (size - 1) + " from the data tiles");
        }
    }

    @Override
    public boolean shared() {
        return false;
    }

    /** The directory lock already makes this process the only writer: a flush needs no further lock. */
    @Override
    public Flush begin() {
        return new Flush() {
            @Override
            public String checkpoint() {
                return committed;
            }

            @Override
            public Optional<byte[]> read(String path) throws IOException {
                return files.read(path);
            }

            /** Nobody else writes this log, and the submissions were deduplicated against the index when pooled. */
            @Override
            public Map<EntryKey, Logged> logged(Collection<EntryKey> keys) {
                return Map.of();
            }

            @Override
            public void commit(Commit commit) throws IOException {
                LocalLogStorage.this.commit(commit);
            }

            @Override
            public void close() {
                // Nothing is held beyond the directory lock.
            }
        };
    }

    /**
     * Sunlight's flush: stage the tiles (and new issuers), compare-and-swap the checkpoint, write the
     * tiles, publish the checkpoint. A failure anywhere is fatal for the sequencer; recovery on the
     * next start finishes or discards the flush.
     */
    private void commit(Commit commit) throws IOException {
        String staging = StagingBundle.path(commit.treeSize(), commit.rootHash());
        List<StoredFile> staged = new ArrayList<>(commit.issuers());
        staged.add(new StoredFile(staging, StagingBundle.encode(commit.tiles())));
        files.write(staged);
        lockStore.compareAndSwap(Optional.of(commit.previous()), commit.checkpoint());
        committed = commit.checkpoint();
        files.write(commit.tiles());
        files.write(List.of(new StoredFile(CHECKPOINT, commit.checkpoint().getBytes(StandardCharsets.UTF_8))));
        published = new Published(commit.checkpoint(), commit.treeSize());
    }

    @Override
    public void published(Commit commit) {
        String staging = StagingBundle.path(commit.treeSize(), commit.rootHash());
        try {
            files.delete(staging);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete staging bundle " + staging, e);
        }
        try {
            index.append(commit.entries());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not extend the entry index; it is refilled from the tiles on restart", e);
        }
    }

    @Override
    public String checkpoint() {
        return published.text();
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        return files.read(path);
    }

    @Override
    public Optional<Logged> find(EntryKey key) {
        return index.find(key).filter(logged -> logged.index() < published.treeSize());
    }

    @Override
    public OptionalLong find(byte[] leafHash) {
        OptionalLong found = index.find(leafHash);
        return found.isPresent() && found.getAsLong() < published.treeSize() ? found : OptionalLong.empty();
    }

    @Override
    public Optional<String> problem() {
        return Files.isWritable(directory) ? Optional.empty() : Optional.of("the log directory is not writable");
    }

    @Override
    public String describe() {
        return directory.toString();
    }

    /** The log's directory. */
    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        if (index != null) {
            try {
                index.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing the entry index failed", e);
            }
        }
        if (lockStore != null) {
            lockStore.close();
        }
    }
}
