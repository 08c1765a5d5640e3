package dev.signet.ctlog.embedded;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.EntryType;
import dev.signet.ctlog.LeafIndexExtension;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.Merkle;
import dev.signet.ctlog.NodeHashSource;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.SignedTreeHead;
import dev.signet.ctlog.TimestampedEntry;
import dev.signet.ctlog.TlsWriter;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Signet's embedded static-ct-api log, designed like Sunlight: submissions pool for a period, then
 * one sequencer thread assigns their indices, stages the new tiles, compare-and-swaps the
 * checkpoint in the lock store, writes the tiles, publishes the checkpoint, and only then signs the
 * pool's SCTs (on a few signing threads, not the sequencer) and completes the submissions' stages
 * (zero merge delay). No thread waits for a flush. Any storage failure stops the sequencer until
 * restart and fails every stage of the pool; nothing is ever returned that is not in a published
 * checkpoint.
 *
 * <p>Data tiles are stored uncompressed; static-ct-api lets a server send them gzip-encoded, so an
 * HTTP layer may compress on the way out.
 */
public final class EmbeddedLog implements CtLog, AutoCloseable {
    /** Most entries one {@link #entries} call returns. */
    public static final int MAX_ENTRIES_PER_READ = 256;
    private static final Logger LOG = Logger.getLogger(EmbeddedLog.class.getName());
    private static final String CHECKPOINT = "checkpoint";
    private static final Pattern ISSUER_NAME = Pattern.compile("[0-9a-f]{64}");
    private static final int SIGNING_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Issuer certificates kept in memory, by their DER's size; the rest are read from storage when asked for. */
    private static final long ISSUER_CACHE_BYTES = 8L * 1024 * 1024;
    /** The file of the former in-memory leaf hash index, replaced by {@link EntryIndex}. */
    private static final String FORMER_LEAF_HASHES = "leaf-hashes";

    private final EmbeddedLogOptions options;
    private final Storage storage;
    private final LogSigner signer;
    private final LogIdentity identity;
    private final ChainValidator validator;
    private final LockStore lockStore;
    private final EntryIndex index;
    /** Issuer DER by its name, for issuer files and get-entries, and to know which issuers are stored. */
    private final Cache<String, byte[]> issuers = Caffeine.newBuilder()
            .maximumWeight(ISSUER_CACHE_BYTES)
            .weigher((String name, byte[] der) -> der.length + 128)
            .build();
    private final Thread sequencer;
    /** Signs the SCTs of published batches; completing a submission's stage runs its continuation here. */
    private final ExecutorService signing;
    /** Fails submissions whose entry is not published within the submit timeout. */
    private final ScheduledExecutorService deadlines;

    private final Object poolLock = new Object();
    /** Guarded by {@link #poolLock}. */
    private final SubmissionPool pool;

    /** Sequencer-only state: the tree edge and the last committed checkpoint text. */
    private TreeEdge edge;
    private String committedText;
    private long lastTimestamp;

    private volatile Published published;
    private volatile SignetException fatal;
    private volatile boolean closing;

    private record Published(Checkpoint checkpoint, String text) {
    }

    private EmbeddedLog(EmbeddedLogOptions options) {
        this.options = options;
        this.storage = options.storage() != null ? options.storage() : new FileStorage(options.directory());
        this.signer = new LogSigner(options.key());
        this.identity = signer.identity();
        this.validator = new ChainValidator(options.roots(), options.clock());
        try {
            Files.createDirectories(options.directory());
        } catch (IOException e) {
            throw new SignetException(ErrorKind.CT_LOG, "cannot create the log directory " + options.directory(), e);
        }
        this.lockStore = LockStore.open(options.directory().resolve("lock"));
        this.pool = new SubmissionPool(options.poolSize(), options.poolBytes(), options.outsideShare());
        EntryIndex opened = null;
        try {
            recover();
            Files.deleteIfExists(options.directory().resolve(FORMER_LEAF_HASHES));
            opened = EntryIndex.open(options.directory().resolve(EntryIndex.FILE));
            catchUp(opened);
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened);
            lockStore.close();
            if (e instanceof SignetException signet) {
                throw signet;
            }
            throw new SignetException(ErrorKind.CT_LOG, "cannot open the log in " + options.directory() + ": " + e.getMessage(), e);
        }
        this.index = opened;
        this.signing = Executors.newFixedThreadPool(SIGNING_THREADS, daemon("ctlog-sct-"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("ctlog-deadline-"));
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
        this.sequencer = new Thread(this::runSequencer, "ctlog-sequencer");
        sequencer.setDaemon(true);
        sequencer.start();
    }

    /**
     * Opens (or creates) the log in {@code options.directory()}, recovering an interrupted flush.
     *
     * @throws SignetException CT_LOG when another instance holds the directory, the stored state
     *     is inconsistent, or the clock is behind the last checkpoint
     */
    public static EmbeddedLog open(EmbeddedLogOptions options) {
        return new EmbeddedLog(options);
    }

    // ---- submission -------------------------------------------------------------------------

    /**
     * Validates the chain on the calling thread, then pools it; the stage completes on one of the
     * log's signing threads once the entry's checkpoint is published. An in-process submission: it
     * may fill the whole pool. A chain already logged is answered at once with its entry's SCT, one
     * already pooled shares that submission's outcome.
     */
    @Override
    public CompletionStage<SignedCertificateTimestamp> submitPreChain(List<byte[]> chain) {
        return submit(chain, true, ChainValidator.LeafSignature.VERIFY, false);
    }

    /**
     * Skips only the leaf's signature check (see {@link CtLog}) and the deduplication lookups: the
     * in-process CA made this precertificate a moment ago with a fresh random serial, so it cannot be
     * logged or pooled already. Its entry is still indexed, so a replay of it from outside is answered
     * with its SCT.
     */
    @Override
    public CompletionStage<SignedCertificateTimestamp> submitOwnPreChain(List<byte[]> chain) {
        return submit(chain, true, ChainValidator.LeafSignature.MADE_IN_PROCESS, false);
    }

    @Override
    public CompletionStage<SignedCertificateTimestamp> submitChain(List<byte[]> chain) {
        return submit(chain, false, ChainValidator.LeafSignature.VERIFY, false);
    }

    /**
     * {@code add-pre-chain} from outside (the public endpoint): as {@link #submitPreChain}, but refused
     * with LOG_SUBMISSIONS_CLOSED when the log takes no outside submissions, and limited to the
     * outside share of the pool, so Signet's own certificates always find room.
     */
    public CompletionStage<SignedCertificateTimestamp> submitOutsidePreChain(List<byte[]> chain) {
        return submit(chain, true, ChainValidator.LeafSignature.VERIFY, true);
    }

    /** {@code add-chain} from outside: as {@link #submitOutsidePreChain} for a final certificate. */
    public CompletionStage<SignedCertificateTimestamp> submitOutsideChain(List<byte[]> chain) {
        return submit(chain, false, ChainValidator.LeafSignature.VERIFY, true);
    }

    @Override
    public LogIdentity identity() {
        return identity;
    }

    private CompletableFuture<SignedCertificateTimestamp> submit(List<byte[]> chain, boolean precert,
            ChainValidator.LeafSignature leafSignature, boolean outside) {
        AcceptedChain accepted;
        try {
            requireRunning();
            if (outside) {
                requireOutsideSubmissions();
            }
            accepted = validator.validate(chain, precert, leafSignature);
        } catch (SignetException e) {
            return CompletableFuture.failedFuture(e);
        }
        Pending pending = new Pending(accepted, EntryKey.of(accepted), outside, new CompletableFuture<>());
        boolean unique = leafSignature == ChainValidator.LeafSignature.MADE_IN_PROCESS;
        while (true) {
            long finishedBefore;
            synchronized (poolLock) {
                finishedBefore = pool.finishedBatches();
            }
            if (!unique) {
                Optional<EntryIndex.Logged> logged = index.find(pending.key());
                if (logged.isPresent() && logged.get().index() < treeSize()) {
                    return answerLogged(accepted, logged.get());
                }
            }
            synchronized (poolLock) {
                try {
                    requireRunning();
                } catch (SignetException e) {
                    return CompletableFuture.failedFuture(e);
                }
                if (!unique) {
                    if (pool.finishedBatches() != finishedBefore) {
                        continue; // a batch reached the index since the lookup: look again
                    }
                    Optional<Pending> same = pool.find(pending.key());
                    if (same.isPresent()) {
                        return same.get().result().copy();
                    }
                }
                try {
                    pool.add(pending);
                } catch (SignetException busy) {
                    return CompletableFuture.failedFuture(busy);
                }
            }
            break;
        }
        CompletableFuture<SignedCertificateTimestamp> result = pending.result();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> result.completeExceptionally(new SignetException(
                ErrorKind.CT_LOG, "entry not published within " + options.submitTimeout())),
                options.submitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((sct, failure) -> deadline.cancel(false));
        return result;
    }

    /**
     * Checks that the log takes outside submissions, so the endpoints can refuse before reading a body.
     *
     * @throws SignetException LOG_SUBMISSIONS_CLOSED when {@code signet.ctlog.embedded.accept-submissions=false}
     */
    public void requireOutsideSubmissions() {
        if (!options.acceptOutside()) {
            throw new SignetException(ErrorKind.LOG_SUBMISSIONS_CLOSED, "this log takes no outside submissions");
        }
    }

    /** A fresh SCT for an entry already in the published tree, over the same entry (same index and timestamp). */
    private CompletableFuture<SignedCertificateTimestamp> answerLogged(AcceptedChain accepted, EntryIndex.Logged logged) {
        try {
            return CompletableFuture.completedFuture(sct(accepted, logged.timestamp(), logged.index()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new SignetException(ErrorKind.CT_LOG, "signing the SCT failed", e));
        }
    }

    /**
     * Signs the SCTs of a published batch on the signing threads, in about one slice per thread, so
     * the sequencer is free for the next pool and SCT signatures run in parallel.
     */
    private void handOut(List<Pending> batch, long start, long timestamp) {
        int slices = Math.min(SIGNING_THREADS, batch.size());
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
                        pending.result().complete(sct(pending.chain(), timestamp, start + i));
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

    /** The SCT of an entry that is in a published checkpoint; only now is one signed for it. */
    private SignedCertificateTimestamp sct(AcceptedChain accepted, long timestamp, long index) {
        TimestampedEntry entry = timestampedEntry(accepted, timestamp, index);
        return new SignedCertificateTimestamp(identity.logId(), timestamp, entry.extensions(),
                signer.sign(entry.sctSignatureInput()).encoded());
    }

    private void requireRunning() {
        SignetException stopped = fatal;
        if (stopped != null) {
            throw new SignetException(ErrorKind.CT_LOG, "the log sequencer has stopped; restart required", stopped);
        }
        if (closing) {
            throw new SignetException(ErrorKind.CT_LOG, "the log is closed");
        }
    }

    private static TimestampedEntry timestampedEntry(AcceptedChain chain, long timestamp, long index) {
        byte[] extensions = LeafIndexExtension.encode(index);
        return chain.type() == EntryType.PRECERT_ENTRY
                ? TimestampedEntry.precert(timestamp, chain.issuerKeyHash(), chain.signedData(), extensions)
                : TimestampedEntry.x509(timestamp, chain.signedData(), extensions);
    }

    // ---- sequencer --------------------------------------------------------------------------

    private void runSequencer() {
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
                        stop(e, batch);
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
        long timestamp = Math.max(options.clock().millis(), lastTimestamp + 1);
        long start = edge.size();
        if (start + batch.size() - 1 > LeafIndexExtension.MAX_INDEX) {
            throw new IOException("the log is full: leaf_index would exceed 40 bits");
        }
        List<EntryIndex.Entry> indexed = new ArrayList<>(batch.size());
        List<byte[]> leafHashes = new ArrayList<>(batch.size());
        List<byte[]> tileLeaves = new ArrayList<>(batch.size());
        Map<String, StoredFile> newIssuers = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            AcceptedChain chain = batch.get(i).chain();
            TimestampedEntry entry = timestampedEntry(chain, timestamp, start + i);
            byte[] leafHash = Merkle.leafHash(entry.merkleTreeLeaf());
            leafHashes.add(leafHash);
            indexed.add(new EntryIndex.Entry(leafHash, batch.get(i).key(), timestamp));
            TlsWriter tileLeaf = new TlsWriter(chain.signedData().length + chain.leaf().length + 128);
            new TileLeaf(entry, chain.type() == EntryType.PRECERT_ENTRY ? chain.leaf() : new byte[0],
                    chain.fingerprints()).writeTo(tileLeaf);
            tileLeaves.add(tileLeaf.toByteArray());
            for (int j = 0; j < chain.issuers().size(); j++) {
                String name = HexFormat.of().formatHex(chain.fingerprints().get(j));
                if (!newIssuers.containsKey(name) && !isStored(name)) {
                    newIssuers.put(name, new StoredFile(issuerPath(name), chain.issuers().get(j)));
                }
            }
        }
        List<StoredFile> tiles = edge.append(leafHashes, tileLeaves);
        long size = edge.size();
        byte[] root = edge.root();
        Checkpoint checkpoint = Checkpoint.sign(options.origin(), size, root, timestamp, signer);
        String text = checkpoint.text(identity);
        String staging = StagingBundle.path(size, root);

        List<StoredFile> staged = new ArrayList<>(newIssuers.values());
        staged.add(new StoredFile(staging, StagingBundle.encode(tiles)));
        storage.write(staged);
        lockStore.compareAndSwap(Optional.of(committedText), text);
        committedText = text;
        lastTimestamp = timestamp;
        storage.write(tiles);
        storage.write(List.of(new StoredFile(CHECKPOINT, text.getBytes(StandardCharsets.UTF_8))));
        published = new Published(checkpoint, text);
        newIssuers.forEach((name, file) -> issuers.put(name, file.content()));

        handOut(batch, start, timestamp);
        cleanUp(staging, indexed);
    }

    /** Whether the issuer file {@code name} is stored; content-addressed, so a stored file is the right one. */
    private boolean isStored(String name) {
        return issuers.getIfPresent(name) != null || readIssuer(name).isPresent();
    }

    private static String issuerPath(String name) {
        return "issuer/" + name;
    }

    /** Best effort after publication: nothing here can affect what was promised. */
    private void cleanUp(String staging, List<EntryIndex.Entry> entries) {
        try {
            storage.delete(staging);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete staging bundle " + staging, e);
        }
        try {
            index.append(entries);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not extend the entry index; it is refilled from the tiles on restart", e);
        }
    }

    private void stop(Exception cause, List<Pending> batch) {
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

    // ---- recovery ---------------------------------------------------------------------------

    private void recover() throws IOException {
        Optional<String> locked = lockStore.read();
        Optional<String> publishedText = storage.read(CHECKPOINT).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        if (locked.isEmpty()) {
            if (publishedText.isPresent()) {
                throw refuse("a published checkpoint exists but the lock store is empty: restored or foreign data");
            }
            createEmptyLog();
            return;
        }
        Checkpoint committed = parse(locked.get(), "lock-store");
        if (publishedText.isPresent() && !publishedText.get().equals(locked.get())) {
            Checkpoint public_ = parse(publishedText.get(), "published");
            if (public_.treeSize() >= committed.treeSize()) {
                throw refuse("the published checkpoint (size " + public_.treeSize()
                        + ") is newer than or conflicts with the committed one (size " + committed.treeSize() + ")");
            }
        }
        if (options.clock().millis() < committed.timestamp()) {
            throw refuse("the clock is behind the last checkpoint (" + committed.timestamp() + " ms)");
        }
        if (publishedText.isEmpty() || !publishedText.get().equals(locked.get())) {
            String staging = StagingBundle.path(committed.treeSize(), committed.rootHash());
            if (committed.treeSize() > 0) {
                byte[] bundle = storage.read(staging).orElseThrow(
                        () -> refuse("the committed checkpoint is unpublished and its staging bundle is missing"));
                storage.write(StagingBundle.decode(bundle));
            }
            storage.write(List.of(new StoredFile(CHECKPOINT, locked.get().getBytes(StandardCharsets.UTF_8))));
            LOG.info("re-applied the staged tiles of tree size " + committed.treeSize() + " and published it");
            storage.delete(staging);
        }
        edge = TreeEdge.load(storage, committed.treeSize());
        if (!java.util.Arrays.equals(edge.root(), committed.rootHash())) {
            throw refuse("the right-edge tiles do not match the committed checkpoint");
        }
        committedText = locked.get();
        lastTimestamp = committed.timestamp();
        published = new Published(committed, locked.get());
    }

    private void createEmptyLog() throws IOException {
        long timestamp = options.clock().millis();
        Checkpoint empty = Checkpoint.sign(options.origin(), 0, Merkle.emptyRoot(), timestamp, signer);
        String text = empty.text(identity);
        lockStore.compareAndSwap(Optional.empty(), text);
        storage.write(List.of(new StoredFile(CHECKPOINT, text.getBytes(StandardCharsets.UTF_8))));
        edge = TreeEdge.empty();
        committedText = text;
        lastTimestamp = timestamp;
        published = new Published(empty, text);
    }

    private Checkpoint parse(String text, String which) {
        try {
            return Checkpoint.parse(text, options.origin(), identity);
        } catch (RuntimeException e) {
            throw new SignetException(ErrorKind.CT_LOG, "the " + which + " checkpoint is invalid for origin "
                    + options.origin() + " and this key: " + e.getMessage(), e);
        }
    }

    private static SignetException refuse(String reason) {
        return new SignetException(ErrorKind.CT_LOG, "refusing to start the log: " + reason);
    }

    /** Refills the entry index from the data tiles after a crash lost its tail (or all of it, when it was new). */
    private void catchUp(EntryIndex entryIndex) {
        long size = published.checkpoint().treeSize();
        entryIndex.truncate(size);
        long from = entryIndex.count();
        while (entryIndex.count() < size) {
            long tile = entryIndex.count() / TilePath.WIDTH;
            int width = (int) Math.min(TilePath.WIDTH, size - tile * TilePath.WIDTH);
            List<TileLeaf> leaves = TileLeaf.readAll(readTileFile(TilePath.dataTile(tile, width)));
            List<EntryIndex.Entry> entries = new ArrayList<>();
            for (int i = (int) (entryIndex.count() - tile * TilePath.WIDTH); i < leaves.size(); i++) {
                entries.add(EntryIndex.Entry.of(leaves.get(i).entry()));
            }
            entryIndex.append(entries);
        }
        if (size > from) {
            LOG.info("indexed entries " + from + ".." + (size - 1) + " from the data tiles");
        }
    }

    // ---- read API ---------------------------------------------------------------------------

    /** Size of the published tree. */
    public long treeSize() {
        return published.checkpoint().treeSize();
    }

    /** The published checkpoint, as served at {@code <monitoring prefix>/checkpoint}. */
    public String checkpoint() {
        return published.text();
    }

    /** The published tree head, for {@code get-sth}. */
    public SignedTreeHead sth() {
        return published.checkpoint().signedTreeHead();
    }

    /** The accepted roots (DER), for {@code get-roots}. */
    public List<byte[]> roots() {
        return validator.roots();
    }

    /** Hash tile {@code tile/<level>/<index>[.p/<width>]} if it belongs to the published tree. */
    public Optional<byte[]> readTile(int level, long index, int width) {
        if (level < 0 || level > 5 || width < 1 || width > TilePath.WIDTH || index < 0) {
            return Optional.empty();
        }
        long count = treeSize() >>> (TilePath.HEIGHT * level);
        if (index * TilePath.WIDTH + width > count) {
            return Optional.empty();
        }
        return readOptional(TilePath.hashTile(level, index, width));
    }

    /** Data tile {@code tile/data/<index>[.p/<width>]} if it belongs to the published tree. */
    public Optional<byte[]> readDataTile(long index, int width) {
        if (width < 1 || width > TilePath.WIDTH || index < 0 || index * TilePath.WIDTH + width > treeSize()) {
            return Optional.empty();
        }
        return readOptional(TilePath.dataTile(index, width));
    }

    /** Issuer certificate DER by the lowercase hex SHA-256 of its DER. */
    public Optional<byte[]> readIssuer(String sha256Hex) {
        if (sha256Hex == null || !ISSUER_NAME.matcher(sha256Hex).matches()) {
            return Optional.empty();
        }
        byte[] cached = issuers.getIfPresent(sha256Hex);
        if (cached != null) {
            return Optional.of(cached.clone());
        }
        Optional<byte[]> issuer = readOptional(issuerPath(sha256Hex));
        issuer.ifPresent(der -> issuers.put(sha256Hex, der.clone()));
        return issuer;
    }

    /**
     * Entries {@code start..end} inclusive, as {@code get-entries} returns them; at most
     * {@link #MAX_ENTRIES_PER_READ}, and never past the published tree.
     *
     * @throws SignetException INVALID_REQUEST when the range is empty or outside the tree
     */
    public List<LogEntry> entries(long start, long end) {
        long size = treeSize();
        if (start < 0 || end < start || start >= size) {
            throw new SignetException(ErrorKind.INVALID_REQUEST, "entries " + start + ".." + end + " outside tree of " + size);
        }
        long last = Math.min(Math.min(end, size - 1), start + MAX_ENTRIES_PER_READ - 1);
        List<LogEntry> out = new ArrayList<>();
        for (long tile = start / TilePath.WIDTH; tile <= last / TilePath.WIDTH; tile++) {
            int width = (int) Math.min(TilePath.WIDTH, size - tile * TilePath.WIDTH);
            List<TileLeaf> leaves = TileLeaf.readAll(readTileFile(TilePath.dataTile(tile, width)));
            for (int i = 0; i < leaves.size(); i++) {
                long index = tile * TilePath.WIDTH + i;
                if (index >= start && index <= last) {
                    TileLeaf leaf = leaves.get(i);
                    out.add(new LogEntry(index, leaf.entry().merkleTreeLeaf(), extraData(leaf)));
                }
            }
        }
        return out;
    }

    /** Audit path of entry {@code index} in the published tree of size {@code treeSize} (or an earlier size). */
    public List<byte[]> inclusionProof(long index, long treeSize) {
        long size = treeSize();
        if (treeSize < 1 || treeSize > size || index < 0 || index >= treeSize) {
            throw new SignetException(ErrorKind.INVALID_REQUEST, "no inclusion proof for " + index + " in " + treeSize);
        }
        return Merkle.inclusionProof(tileSource(size), index, treeSize);
    }

    /** Consistency proof between two tree sizes no larger than the published one. */
    public List<byte[]> consistencyProof(long first, long second) {
        long size = treeSize();
        if (first < 1 || second > size || first > second) {
            throw new SignetException(ErrorKind.INVALID_REQUEST, "no consistency proof from " + first + " to " + second);
        }
        return Merkle.consistencyProof(tileSource(size), first, second);
    }

    /** Index of the entry with this leaf hash, for {@code get-proof-by-hash}. */
    public OptionalLong leafIndex(byte[] leafHash) {
        if (leafHash == null || leafHash.length != 32) {
            return OptionalLong.empty();
        }
        OptionalLong found = index.find(leafHash);
        return found.isPresent() && found.getAsLong() < treeSize() ? found : OptionalLong.empty();
    }

    /** Node hashes read from the hash tiles of the tree of {@code size}, each tile read once per call. */
    private NodeHashSource tileSource(long size) {
        Map<String, byte[]> tiles = new HashMap<>();
        return (level, index) -> {
            int tileLevel = level / TilePath.HEIGHT;
            int height = level % TilePath.HEIGHT;
            long first = index << height;
            long tile = first / TilePath.WIDTH;
            int width = (int) Math.min(TilePath.WIDTH, (size >>> (TilePath.HEIGHT * tileLevel)) - tile * TilePath.WIDTH);
            String path = TilePath.hashTile(tileLevel, tile, width);
            byte[] hashes = tiles.computeIfAbsent(path, this::readTileFile);
            int offset = (int) (first % TilePath.WIDTH);
            List<byte[]> run = new ArrayList<>(1 << height);
            for (int i = 0; i < (1 << height); i++) {
                int at = 32 * (offset + i);
                run.add(java.util.Arrays.copyOfRange(hashes, at, at + 32));
            }
            return Merkle.rootOfPerfect(run);
        };
    }

    private byte[] extraData(TileLeaf leaf) {
        TlsWriter chain = new TlsWriter(4096);
        for (byte[] fingerprint : leaf.chainFingerprints()) {
            String name = HexFormat.of().formatHex(fingerprint);
            chain.vector(readIssuer(name).orElseThrow(
                    () -> new SignetException(ErrorKind.CT_LOG, "issuer " + name + " is missing from storage")), 3);
        }
        TlsWriter out = new TlsWriter(chain.size() + leaf.precertificate().length + 8);
        if (leaf.entry().type() == EntryType.PRECERT_ENTRY) {
            out.vector(leaf.precertificate(), 3);
        }
        return out.vector(chain.toByteArray(), 3).toByteArray();
    }

    private byte[] readTileFile(String path) {
        return readOptional(path).orElseThrow(() -> new SignetException(ErrorKind.CT_LOG, path + " is missing from storage"));
    }

    private Optional<byte[]> readOptional(String path) {
        try {
            return storage.read(path);
        } catch (IOException e) {
            throw new SignetException(ErrorKind.CT_LOG, "cannot read " + path, new UncheckedIOException(e));
        }
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /** Flushes what is pooled, stops the sequencer and releases the directory lock. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        LockSupport.unpark(sequencer);
        try {
            sequencer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signing.shutdown();
        try {
            signing.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadlines.shutdownNow();
        closeQuietly(index);
        lockStore.close();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "close failed", e);
            }
        }
    }

    /** Whether the sequencer still takes submissions: not stopped by a storage failure, not closed. */
    public boolean isHealthy() {
        return fatal == null && !closing && sequencer.isAlive();
    }

    /** Submissions waiting in the current pool (for tests and the pool-depth gauge). */
    public int pendingCount() {
        synchronized (poolLock) {
            return pool.size();
        }
    }

    /** The checkpoint origin: the submission prefix without scheme or trailing slash. */
    public String origin() {
        return options.origin();
    }

    /** The log's directory, for diagnostics. */
    public Path directory() {
        return options.directory();
    }

    /** The accepted roots as given, for wiring code that needs the certificates themselves. */
    public List<X509Certificate> acceptedRoots() {
        return options.roots();
    }
}
