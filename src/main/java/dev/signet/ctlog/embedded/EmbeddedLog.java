package dev.signet.ctlog.embedded;

import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.SignedTreeHead;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signet's embedded static-ct-api log, designed like Sunlight: submissions pool for a period, then
 * one {@link Sequencer} thread flushes them into the {@link LogStorage} (one commit covering tiles,
 * issuers, entries and the checkpoint) and only then signs the pool's SCTs (on a few signing
 * threads, not the sequencer) and completes the submissions' stages (zero merge delay). No thread
 * waits for a flush. Nothing is ever returned that is not in a committed checkpoint. The read API
 * ({@link LogReader}) serves what the storage committed.
 *
 * <p>Data tiles are stored uncompressed; static-ct-api lets a server send them gzip-encoded, so an
 * HTTP layer may compress on the way out.
 */
public final class EmbeddedLog implements CtLog, AutoCloseable {
    /** Most entries one {@link #entries} call returns. */
    public static final int MAX_ENTRIES_PER_READ = 256;
    private static final int SIGNING_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final EmbeddedLogOptions options;
    private final LogStorage storage;
    private final LogIdentity identity;
    private final SctSigner scts;
    private final ChainValidator validator;
    private final LogReader reader;
    private final Sequencer sequencer;
    /** Signs the SCTs of published batches; completing a submission's stage runs its continuation here. */
    private final ExecutorService signing;
    /** Fails submissions whose entry is not published within the submit timeout. */
    private final ScheduledExecutorService deadlines;

    private final Object poolLock = new Object();
    /** Guarded by {@link #poolLock}. */
    private final SubmissionPool pool;

    private volatile boolean closed;

    private EmbeddedLog(EmbeddedLogOptions options, LogStorage storage) {
        this.options = options;
        this.storage = storage;
        LogSigner signer = new LogSigner(options.key());
        this.identity = signer.identity();
        this.scts = new SctSigner(signer);
        this.validator = new ChainValidator(options.roots(), options.clock());
        this.pool = new SubmissionPool(options.poolSize(), options.poolBytes(), options.outsideShare());
        Checkpoints checkpoints = new Checkpoints(options.origin(), signer, options.clock());
        this.reader = new LogReader(storage, checkpoints);
        this.signing = Executors.newFixedThreadPool(SIGNING_THREADS, daemon("ctlog-sct-"));
        this.sequencer = new Sequencer(options, storage, checkpoints, reader, signer, poolLock, pool, signing,
                SIGNING_THREADS);
        try {
            sequencer.load(storage.open(checkpoints));
        } catch (IOException | RuntimeException e) {
            storage.close();
            signing.shutdownNow();
            if (e instanceof SignetException signet) {
                throw signet;
            }
            throw new SignetException(ErrorKind.CT_LOG, "cannot open the log in " + storage.describe() + ": "
                    + e.getMessage(), e);
        }
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("ctlog-deadline-"));
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
        sequencer.start();
    }

    /**
     * Opens (or creates) the log in {@code storage}, which it owns from now on (and closes).
     *
     * @throws SignetException CT_LOG when the stored state belongs to another log or is inconsistent
     */
    public static EmbeddedLog open(EmbeddedLogOptions options, LogStorage storage) {
        return new EmbeddedLog(options, storage);
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
                Optional<LogStorage.Logged> logged;
                try {
                    logged = storage.find(pending.key());
                } catch (IOException e) {
                    return CompletableFuture.failedFuture(reader.failed("cannot look up the entry index", e));
                }
                if (logged.isPresent()) {
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

    /** A fresh SCT for an entry already in the committed tree, over the same entry (same index and timestamp). */
    private CompletableFuture<SignedCertificateTimestamp> answerLogged(AcceptedChain accepted,
            LogStorage.Logged logged) {
        try {
            return CompletableFuture.completedFuture(scts.sct(accepted, logged.timestamp(), logged.index()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new SignetException(ErrorKind.CT_LOG, "signing the SCT failed", e));
        }
    }

    private void requireRunning() {
        SignetException stopped = sequencer.stopped();
        if (stopped != null) {
            throw stopped;
        }
    }

    // ---- read API ---------------------------------------------------------------------------

    /** Size of the committed tree. */
    public long treeSize() {
        return reader.treeSize();
    }

    /** The committed checkpoint, as served at {@code <monitoring prefix>/checkpoint}. */
    public String checkpoint() {
        return reader.checkpoint();
    }

    /** The committed tree head, for {@code get-sth}. */
    public SignedTreeHead sth() {
        return reader.sth();
    }

    /** The accepted roots (DER), for {@code get-roots}. */
    public List<byte[]> roots() {
        return validator.roots();
    }

    /** Hash tile {@code tile/<level>/<index>[.p/<width>]} if it belongs to the committed tree. */
    public Optional<byte[]> readTile(int level, long index, int width) {
        return reader.readTile(level, index, width);
    }

    /** Data tile {@code tile/data/<index>[.p/<width>]} if it belongs to the committed tree. */
    public Optional<byte[]> readDataTile(long index, int width) {
        return reader.readDataTile(index, width);
    }

    /** Issuer certificate DER by the lowercase hex SHA-256 of its DER. */
    public Optional<byte[]> readIssuer(String sha256Hex) {
        return reader.readIssuer(sha256Hex);
    }

    /**
     * Entries {@code start..end} inclusive, as {@code get-entries} returns them; at most
     * {@link #MAX_ENTRIES_PER_READ}, and never past the committed tree.
     *
     * @throws SignetException INVALID_REQUEST when the range is empty or outside the tree
     */
    public List<LogEntry> entries(long start, long end) {
        return reader.entries(start, end);
    }

    /** Audit path of entry {@code index} in the committed tree of size {@code treeSize} (or an earlier size). */
    public List<byte[]> inclusionProof(long index, long treeSize) {
        return reader.inclusionProof(index, treeSize);
    }

    /** Consistency proof between two tree sizes no larger than the committed one. */
    public List<byte[]> consistencyProof(long first, long second) {
        return reader.consistencyProof(first, second);
    }

    /** Index of the entry with this leaf hash, for {@code get-proof-by-hash}. */
    public OptionalLong leafIndex(byte[] leafHash) {
        return reader.leafIndex(leafHash);
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /** Flushes what is pooled, stops the sequencer and releases the storage. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sequencer.close();
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
        storage.close();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Whether the sequencer still takes submissions: not stopped by a local storage failure, not closed. */
    public boolean isHealthy() {
        return sequencer.isRunning();
    }

    /** Why the storage cannot take writes now (directory not writable, database unreachable), or empty. */
    public Optional<String> storageProblem() {
        return storage.problem();
    }

    /** Whether other replicas share this log's storage. */
    public boolean isShared() {
        return storage.shared();
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

    /** Where the log's state is (its directory, or its database), for diagnostics. */
    public String location() {
        return storage.describe();
    }

    /** The accepted roots as given, for wiring code that needs the certificates themselves. */
    public List<X509Certificate> acceptedRoots() {
        return options.roots();
    }
}
