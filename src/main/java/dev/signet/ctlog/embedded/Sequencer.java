package dev.signet.ctlog.embedded;

import dev.signet.ctlog.EntryType;
import dev.signet.ctlog.LeafIndexExtension;
import dev.signet.ctlog.Merkle;
import dev.signet.ctlog.TimestampedEntry;
import dev.signet.ctlog.TlsWriter;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log's one sequencer thread: every period it takes the pool's batch and flushes it in one
 * {@link LogStorage.Flush}: lock the committed checkpoint, reload the tree's right edge if another
 * writer moved it, answer entries another writer already logged, assign the rest indices at
 * {@code max(now, last + 1)}, commit the new tiles, issuers, entries and checkpoint, and only then
 * hand out the SCTs (signed on the signing threads). A failed flush stops a local log (restart to
 * recover) and fails only its own batch with "retry later" on a shared log.
 */
final class Sequencer {
    private static final Logger LOG = Logger.getLogger(Sequencer.class.getName());

    private final EmbeddedLogOptions options;
    private final LogStorage storage;
    private final Checkpoints checkpoints;
    private final LogReader reader;
    private final LogSigner signer;
    private final SctSigner scts;
    private final Object poolLock;
    private final SubmissionPool pool;
    private final ExecutorService signing;
    private final int signingThreads;
    private final Thread thread;

    /** Sequencer-only state: the tree edge (null: reload at the next flush) and the checkpoint it belongs to. */
    private TreeEdge edge;
    private String edgeCheckpoint;
    private long lastTimestamp;

    private volatile SignetException fatal;
    private volatile boolean closing;

    Sequencer(EmbeddedLogOptions options, LogStorage storage, Checkpoints checkpoints, LogReader reader,
            LogSigner signer, Object poolLock, SubmissionPool pool, ExecutorService signing, int signingThreads) {
        this.options = options;
        this.storage = storage;
        this.checkpoints = checkpoints;
        this.reader = reader;
        this.signer = signer;
        this.scts = new SctSigner(signer);
        this.poolLock = poolLock;
        this.pool = pool;
        this.signing = signing;
        this.signingThreads = signingThreads;
        this.thread = new Thread(this::run, "ctlog-sequencer");
        thread.setDaemon(true);
    }

    /**
     * Loads the right edge of the committed tree and checks it against the checkpoint.
     *
     * @throws SignetException CT_LOG when the tiles do not match the checkpoint
     */
    void load(String committed) throws IOException {
        Checkpoint checkpoint = checkpoints.parse(committed, "committed");
        edge = loadEdge(storage, checkpoint);
        edgeCheckpoint = committed;
        lastTimestamp = checkpoint.timestamp();
        reader.committed(committed, checkpoint);
    }

    private static TreeEdge loadEdge(PathReader tiles, Checkpoint checkpoint) throws IOException {
        TreeEdge loaded = TreeEdge.load(tiles, checkpoint.treeSize());
        if (!Arrays.equals(loaded.root(), checkpoint.rootHash())) {
            throw Checkpoints.refuse("the right-edge tiles do not match the committed checkpoint");
        }
        return loaded;
    }

    void start() {
        thread.start();
    }

    /** Why submissions are refused now, or null while the sequencer runs. */
    SignetException stopped() {
        SignetException stopped = fatal;
        if (stopped != null) {
            return new SignetException(ErrorKind.CT_LOG, "the log sequencer has stopped; restart required", stopped);
        }
        return closing ? new SignetException(ErrorKind.CT_LOG, "the log is closed") : null;
    }

    boolean isRunning() {
        return fatal == null && !closing && thread.isAlive();
    }

    /** Flushes what is pooled and stops. */
    void close() throws InterruptedException {
        closing = true;
        LockSupport.unpark(thread);
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void run() {
        long periodNanos = options.period().toNanos();
        long next = System.nanoTime() + periodNanos;
        while (true) {
            boolean last = closing;
            long wait = next - System.nanoTime();
            if (!last && wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            next = System.nanoTime() + periodNanos;
            List<Pending> batch;
            synchronized (poolLock) {
                batch = pool.takeBatch();
            }
            if (!batch.isEmpty()) {
                if (fatal != null) {
                    failAll(batch, fatal);
                } else {
                    try {
                        flush(batch);
                    } catch (IOException | RuntimeException e) {
                        failed(e, batch);
                    }
                }
            }
            synchronized (poolLock) {
                pool.batchFinished();
            }
            if (last) {
                return;
            }
        }
    }

    private void flush(List<Pending> batch) throws IOException {
        try (LogStorage.Flush flush = storage.begin()) {
            String locked = flush.checkpoint();
            if (edge == null || !locked.equals(edgeCheckpoint)) {
                Checkpoint checkpoint = checkpoints.parse(locked, "committed");
                edge = loadEdge(flush, checkpoint);
                edgeCheckpoint = locked;
                lastTimestamp = Math.max(lastTimestamp, checkpoint.timestamp());
            }
            Map<EntryKey, LogStorage.Logged> logged = flush.logged(batch.stream().map(Pending::key).toList());
            List<Pending> fresh = batch.stream().filter(pending -> !logged.containsKey(pending.key())).toList();
            if (fresh.isEmpty()) {
                answerLogged(batch, logged);
                return;
            }
            long timestamp = Math.max(checkpoints.clock().millis(), lastTimestamp + 1);
            long start = edge.size();
            if (start + fresh.size() - 1 > LeafIndexExtension.MAX_INDEX) {
                throw new IOException("the log is full: leaf_index would exceed 40 bits");
            }
            List<LogStorage.Entry> indexed = new ArrayList<>(fresh.size());
            List<byte[]> leafHashes = new ArrayList<>(fresh.size());
            List<byte[]> tileLeaves = new ArrayList<>(fresh.size());
            Map<String, StoredFile> newIssuers = new HashMap<>();
            for (int i = 0; i < fresh.size(); i++) {
                AcceptedChain chain = fresh.get(i).chain();
                TimestampedEntry entry = SctSigner.timestampedEntry(chain, timestamp, start + i);
                byte[] leafHash = Merkle.leafHash(entry.merkleTreeLeaf());
                leafHashes.add(leafHash);
                indexed.add(new LogStorage.Entry(leafHash, fresh.get(i).key(), timestamp));
                TlsWriter tileLeaf = new TlsWriter(chain.signedData().length + chain.leaf().length + 128);
                new TileLeaf(entry, chain.type() == EntryType.PRECERT_ENTRY ? chain.leaf() : new byte[0],
                        chain.fingerprints()).writeTo(tileLeaf);
                tileLeaves.add(tileLeaf.toByteArray());
                for (int j = 0; j < chain.issuers().size(); j++) {
                    String name = HexFormat.of().formatHex(chain.fingerprints().get(j));
                    if (!newIssuers.containsKey(name) && !reader.isStored(name)) {
                        newIssuers.put(name, new StoredFile(LogReader.issuerPath(name), chain.issuers().get(j)));
                    }
                }
            }
            List<StoredFile> tiles = edge.append(leafHashes, tileLeaves);
            Checkpoint checkpoint = Checkpoint.sign(options.origin(), edge.size(), edge.root(), timestamp, signer);
            String text = checkpoint.text(signer.identity());
            LogStorage.Commit commit = new LogStorage.Commit(locked, text, edge.size(), edge.root(), tiles,
                    List.copyOf(newIssuers.values()), indexed);
            flush.commit(commit);
            edgeCheckpoint = text;
            lastTimestamp = timestamp;
            reader.committed(text, checkpoint);
            reader.stored(commit.issuers());

            handOut(fresh, start, timestamp);
            answerLogged(batch, logged);
            storage.published(commit);
        }
    }

    /** Entries another writer logged first: each answered with a fresh SCT over that entry. */
    private void answerLogged(List<Pending> batch, Map<EntryKey, LogStorage.Logged> logged) {
        for (Pending pending : batch) {
            LogStorage.Logged entry = logged.get(pending.key());
            if (entry != null) {
                try {
                    pending.result().complete(scts.sct(pending.chain(), entry.timestamp(), entry.index()));
                } catch (RuntimeException e) {
                    pending.result()
                            .completeExceptionally(new SignetException(ErrorKind.CT_LOG, "signing the SCT failed", e));
                }
            }
        }
    }

    /**
     * Signs the SCTs of a committed batch on the signing threads, in about one slice per thread, so
     * the sequencer is free for the next pool and SCT signatures run in parallel.
     */
    private void handOut(List<Pending> batch, long start, long timestamp) {
        int slices = Math.min(signingThreads, batch.size());
        int per = (batch.size() + slices - 1) / slices;
        for (int from = 0; from < batch.size(); from += per) {
            int first = from;
            int last = Math.min(batch.size(), from + per);
            Runnable slice = () -> {
                for (int i = first; i < last; i++) {
                    Pending pending = batch.get(i);
                    if (pending.result().isDone()) {
                        continue; // its deadline passed: it gets no SCT
                    }
                    try {
                        pending.result().complete(scts.sct(pending.chain(), timestamp, start + i));
                    } catch (RuntimeException e) {
                        pending.result().completeExceptionally(
                                new SignetException(ErrorKind.CT_LOG, "signing the SCT failed", e));
                    }
                }
            };
            try {
                signing.execute(slice);
            } catch (RejectedExecutionException e) {
                slice.run(); // only while closing
            }
        }
    }

    /**
     * A failed flush. On a shared log the database may be back for the next flush: fail this batch
     * with "retry later" and forget the edge, which the next flush reloads from the committed state
     * (a commit whose outcome was unknown is then either in it or not; a retried chain finds its
     * entry through the deduplication index). A local log stops until restart, whose recovery
     * finishes or discards the flush.
     */
    private void failed(Exception cause, List<Pending> batch) {
        if (storage.shared()) {
            edge = null;
            LOG.log(Level.WARNING, "log flush of " + batch.size() + " entries failed; they are answered retry later: "
                    + cause.getMessage(), cause);
            failAll(batch,
                    new SignetException(ErrorKind.LOG_UNAVAILABLE, "log flush failed: " + cause.getMessage(), cause));
            return;
        }
        SignetException stopped = new SignetException(ErrorKind.CT_LOG,
                "log sequencer stopped after a storage failure; restart to recover: " + cause.getMessage(), cause);
        LOG.log(Level.SEVERE, stopped.getMessage(), cause);
        fatal = stopped;
        failAll(batch, stopped);
        synchronized (poolLock) {
            pool.batchFinished();
            failAll(pool.takeBatch(), stopped);
        }
    }

    private static void failAll(List<Pending> batch, SignetException cause) {
        for (Pending pending : batch) {
            pending.result().completeExceptionally(cause);
        }
    }
}
