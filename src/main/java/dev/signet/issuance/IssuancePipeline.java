package dev.signet.issuance;

import dev.signet.ca.CertificateAuthority;
import dev.signet.ca.IssuedCertificate;
import dev.signet.ca.Precertificate;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.challenge.KeyProof;
import dev.signet.challenge.ProofVerifier;
import dev.signet.challenge.VerifiedKey;
import dev.signet.codec.BouncyCastle;
import dev.signet.ctlog.CtCertificates;
import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.SctVerifier;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.error.AsyncFailure;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.Authenticator;
import dev.signet.identity.Authenticator.Authenticated;
import dev.signet.identity.IssuerType;
import dev.signet.logging.RequestIds;
import dev.signet.metrics.SignetMetrics;
import dev.signet.ratelimit.RateLimits;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * One certificate request, stage by stage. The methods below are the stages in the order they run,
 * each on the pool named here; a hand-off to another pool is a {@code hand(...)} call, and no
 * thread ever waits for the log:
 *
 * <pre>
 *   1 authenticate   signet-sign       token -> issuer -> principal, when the issuer's keys are cached;
 *                    signet-idp-wait   otherwise, waiting for them, then back to signet-sign
 *   2 applyPolicy    signet-sign       the operator's rules on the verified claims
 *   3 rateLimit      signet-sign       the per-identity bucket
 *   4 proveKey       signet-sign       key policy, algorithm allow-list, proof of possession
 *   5 sign           signet-sign       the CA signs the precertificate (the certificate when the SCT is
 *                                      detached or there is no log)
 *   6 submitToLog    signet-sign       the log takes the chain and answers later, on its own threads
 *   7 verifySct      signet-finish     the SCT against the log's key; a bad one fails the request
 *   8 finish         signet-finish     the CA signs the final certificate with the SCT embedded (a
 *                                      detached SCT goes beside the certificate instead)
 * </pre>
 *
 * <p>The CA's signatures (stages 5 and 8) go through its asynchronous methods: a key in memory or
 * an HSM signs in the stage's own thread, so nothing changes for it; a key in a cloud KMS signs
 * without any thread waiting, and the next stage runs where the KMS's answer arrives (the KMS
 * client's completion thread, never an I/O event loop).
 *
 * <p>Every failure ends the request with the {@link SignetException} of its stage, unwrapped. No
 * certificate leaves without its SCT when a log is configured: a busy log is {@code LOG_BUSY} (503),
 * a shared log's database away {@code LOG_UNAVAILABLE} (503), anything else, an SCT that does not
 * verify included, {@code CT_LOG} (500). The CA is called in {@link #sign} and {@link #finish} only.
 */
final class IssuancePipeline {
    /**
     * Threads of each CPU pool (signing, finishing): about one per core. Signatures are CPU only,
     * and a handful of threads per core keeps the CA's precomputed tables in cache, where hundreds
     * of request threads taking turns would not.
     */
    private static final int CPU_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Requests waiting for a signing thread before new ones get CA_BUSY: seconds of work, not a memory risk. */
    static final int MAX_QUEUED_SIGNINGS = 4096;
    /**
     * Threads that may wait for an identity provider's keys. Fetches are shared per issuer, so these
     * only hold the requests that arrive while their issuer's keys are being fetched.
     */
    private static final int KEY_WAIT_THREADS = 32;

    /** Stages 1 to 6: CPU work, never a wait. */
    private final BoundedPool signing = new BoundedPool("signet-sign", CPU_THREADS, MAX_QUEUED_SIGNINGS);
    /** Stage 1 when the issuer's keys must be fetched first: the only threads that may wait. */
    private final BoundedPool idpWait = new BoundedPool("signet-idp-wait", KEY_WAIT_THREADS, MAX_QUEUED_SIGNINGS);
    /**
     * Stages 7 and 8, once the log answers: never on the log's own threads, which would serialize
     * every final signature, and never on a Vert.x event loop.
     */
    private final ExecutorService finishing =
            Executors.newFixedThreadPool(CPU_THREADS, BoundedPool.daemonThreads("signet-finish"));

    private final IdentityFiles identityFiles;
    private final Authenticator authenticator;
    private final RateLimits rateLimits;
    private final ProofVerifier proofVerifier;
    private final CertificateAuthority ca;
    private final Optional<CtLog> log;
    private final boolean detachedSct;
    private final SignetMetrics metrics;
    /** The log key as a Bouncy Castle key, made once so its precomputed point tables and log ID are reused. */
    private final Optional<LogIdentity> logKey;
    private volatile IssuerKeyHash lastIssuer;

    IssuancePipeline(IdentityFiles identityFiles, Authenticator authenticator, RateLimits rateLimits,
            ProofVerifier proofVerifier, CertificateAuthority ca, Optional<CtLog> log, boolean detachedSct,
            SignetMetrics metrics) {
        this.identityFiles = identityFiles;
        this.authenticator = authenticator;
        this.rateLimits = rateLimits;
        this.proofVerifier = proofVerifier;
        this.ca = ca;
        this.log = log;
        this.detachedSct = detachedSct;
        this.metrics = metrics;
        this.logKey = log.map(CtLog::identity).map(IssuancePipeline::withBouncyCastleKey);
    }

    /**
     * Starts a request and returns at once (an event loop may call it): the stage completes with
     * the issuance, or fails with the {@link SignetException} of the first stage that failed,
     * CA_BUSY (503) when {@value #MAX_QUEUED_SIGNINGS} requests already wait for a thread.
     */
    CompletionStage<Issuance> issue(String token, KeyProof proof) {
        CompletableFuture<Issuance> result = new CompletableFuture<>();
        // One generation per request: its issuers authenticate the token, its policy judges the identity.
        hand(signing, () -> authenticate(identityFiles.generation(), token, proof, result), result);
        return result;
    }

    /**
     * Stage 1, on signet-sign: verifies the token if its issuer's keys are at hand, else waits for
     * them on signet-idp-wait and comes back.
     */
    private void authenticate(IdentityFiles.Generation generation, String token, KeyProof proof,
            CompletableFuture<Issuance> result) {
        Optional<Authenticated> ready;
        try {
            ready = authenticator.authenticateIfKeysReady(generation.issuers(), token);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        if (ready.isPresent()) {
            admit(generation, ready.get(), proof, result);
            return;
        }
        hand(idpWait, () -> {
            Authenticated authenticated;
            try {
                authenticated = authenticator.authenticate(generation.issuers(), token);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            hand(signing, () -> admit(generation, authenticated, proof, result), result);
        }, result);
    }

    /** Stages 2 to 6, on signet-sign; the log's answer then completes the request on signet-finish. */
    private void admit(IdentityFiles.Generation generation, Authenticated authenticated, KeyProof proof,
            CompletableFuture<Issuance> result) {
        try {
            applyPolicy(generation, authenticated);
            rateLimit(authenticated);
            VerifiedKey key = proveKey(authenticated, proof);
            signAndLog(authenticated.principal().embed(), key.publicKey(), authenticated.type())
                    .whenComplete((issued, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(failure);
                        } else {
                            result.complete(issued);
                        }
                    });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /** Stage 2: every rule the operator set for this issuer holds, or POLICY_DENIED. */
    private static void applyPolicy(IdentityFiles.Generation generation, Authenticated authenticated) {
        generation.policy().check(authenticated.configKey(), authenticated.token());
    }

    /** Stage 3: the identity's own bucket, or RATE_LIMITED. */
    private void rateLimit(Authenticated authenticated) {
        rateLimits.checkIdentity(authenticated.principal());
    }

    /** Stage 4: the client holds the key, proven over the principal's name (or by its CSR). */
    private VerifiedKey proveKey(Authenticated authenticated, KeyProof proof) {
        return proofVerifier.verifyAny(proof, authenticated.principal().challenges());
    }

    /**
     * Stages 5 to 8 for this identity and key, from the calling thread on; the returned stage never
     * fails with anything but a {@link SignetException}, unwrapped.
     */
    CompletionStage<Issuance> signAndLog(CertificateIdentity identity, PublicKey subjectKey, IssuerType type) {
        CompletableFuture<Issuance> result = new CompletableFuture<>();
        // Captured here, on the thread that has the request's ID: a KMS's answer arrives on the client's
        // thread, and the log's on its own, neither of which knows the request.
        Executor withRequestId = RequestIds.carrying(Runnable::run);
        Executor finishingWithRequestId = RequestIds.carrying(this::onFinishingPool);
        try {
            sign(identity, subjectKey).whenCompleteAsync((signed, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(asSignet(failure, ErrorKind.INTERNAL));
                } else if (log.isEmpty()) {
                    metrics.certificateIssued(type);
                    result.complete(Issuance.unlogged(signed.certificate()));
                } else {
                    submitToLog(signed, type, result, finishingWithRequestId);
                }
            }, withRequestId);
        } catch (RuntimeException e) {
            result.completeExceptionally(asSignet(e, ErrorKind.INTERNAL));
        }
        return result;
    }

    /**
     * What the CA signed in stage 5: the precertificate the log will see, or the certificate itself
     * when the SCT is detached or there is no log. Exactly one is set.
     */
    private record Signed(Precertificate precertificate, IssuedCertificate certificate) {
    }

    /** Stage 5: the CA's signature, started on signet-sign. */
    private CompletionStage<Signed> sign(CertificateIdentity identity, PublicKey subjectKey) {
        if (log.isEmpty() || detachedSct) {
            return ca.issueAsync(identity, subjectKey).thenApply(certificate -> new Signed(null, certificate));
        }
        return ca.precertificateAsync(identity, subjectKey)
                .thenApply(precertificate -> new Signed(precertificate, null));
    }

    /**
     * Stage 6: hands the chain to the log; no thread waits for its answer, which runs stages 7 and
     * 8 on signet-finish.
     */
    private void submitToLog(Signed signed, IssuerType type, CompletableFuture<Issuance> result, Executor finish) {
        CompletionStage<SignedCertificateTimestamp> submission;
        try {
            submission = signed.precertificate() != null
                    ? log.get().submitOwnPreChain(der(signed.precertificate().submissionChain()))
                    : log.get().submitChain(der(chainOf(signed.certificate())));
        } catch (RuntimeException e) {
            result.completeExceptionally(asSignet(e, ErrorKind.CT_LOG));
            return;
        }
        long started = System.nanoTime();
        submission.whenCompleteAsync((sct, failure) -> {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            SignetException logFailure = failure != null ? logFailure(failure) : verifySct(sct, signed);
            if (logFailure != null) {
                metrics.logSubmission(elapsed, logFailure.kind() == ErrorKind.LOG_BUSY ? "busy" : "error");
                result.completeExceptionally(logFailure);
                return;
            }
            metrics.logSubmission(elapsed, "ok");
            try {
                // On signet-finish, under the request's ID, which the answer then keeps wherever it arrives.
                finish(signed, sct).whenCompleteAsync((issued, finishFailure) -> {
                    if (finishFailure != null) {
                        result.completeExceptionally(asSignet(finishFailure, ErrorKind.CT_LOG));
                    } else {
                        metrics.certificateIssued(type);
                        result.complete(issued);
                    }
                }, RequestIds.carrying(Runnable::run));
            } catch (RuntimeException e) {
                result.completeExceptionally(asSignet(e, ErrorKind.CT_LOG));
            }
        }, finish);
    }

    /**
     * Stage 7, on signet-finish: null when the SCT verifies with the log's key, else the CT_LOG
     * failure: such an SCT is never used. A precertificate's SCT is checked over its TBS without the
     * poison, cut from our own DER here rather than taken from what the log computed, so a log that
     * signed something else is caught.
     */
    private SignetException verifySct(SignedCertificateTimestamp sct, Signed signed) {
        try {
            boolean verifies = signed.precertificate() != null
                    ? SctVerifier.verifyPrecert(sct, issuerKeyHash(signed.precertificate().issuer()),
                            CtCertificates.tbsWithout(der(signed.precertificate().certificate()),
                                    CtCertificates.POISON),
                            logKey.get())
                    : SctVerifier.verifyX509(sct, der(signed.certificate().leaf()), logKey.get());
            if (verifies) {
                return null;
            }
        } catch (RuntimeException e) {
            return new SignetException(ErrorKind.CT_LOG, "the log's SCT cannot be checked", e);
        }
        return new SignetException(ErrorKind.CT_LOG, "the log's SCT does not verify with the log key");
    }

    /**
     * Stage 8, started on signet-finish: the CA signs the final certificate with the SCT, or the SCT
     * goes beside it.
     */
    private CompletionStage<Issuance> finish(Signed signed, SignedCertificateTimestamp sct) {
        if (signed.precertificate() == null) {
            return CompletableFuture.completedFuture(Issuance.detached(signed.certificate(), sct));
        }
        return ca.finishAsync(signed.precertificate(), SignedCertificateTimestamp.listExtensionValue(List.of(sct)))
                .thenApply(Issuance::embedded);
    }

    /** Lets queued work run, then stops the pools' threads. */
    void close() {
        signing.shutdown();
        idpWait.shutdown();
        finishing.shutdown();
    }

    /** Queues the next stage on {@code pool}; a full or stopped pool fails the request (CA_BUSY). */
    private static void hand(BoundedPool pool, Runnable stage, CompletableFuture<Issuance> result) {
        try {
            pool.submit(stage);
        } catch (SignetException e) {
            result.completeExceptionally(e);
        }
    }

    /** Runs on the finishing pool; on the completing thread only if the pool is shut down. */
    private void onFinishingPool(Runnable task) {
        try {
            finishing.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /**
     * A busy log, or a shared log whose database is away, stays a 503 (the client retries);
     * anything else, including the log refusing our own chain, is a server failure: no certificate
     * leaves without its entry.
     */
    private static SignetException logFailure(Throwable failure) {
        SignetException e = CtLog.failure(failure);
        if (e.kind() == ErrorKind.LOG_BUSY || e.kind() == ErrorKind.LOG_UNAVAILABLE || e.kind() == ErrorKind.CT_LOG) {
            return e;
        }
        return new SignetException(ErrorKind.CT_LOG, "log refused the submission: " + e.getMessage(), e);
    }

    /** The issuing certificate's key hash, computed once per issuing certificate (it changes only on rotation). */
    private byte[] issuerKeyHash(X509Certificate issuer) {
        IssuerKeyHash last = lastIssuer;
        if (last == null || last.issuer() != issuer) {
            last = new IssuerKeyHash(issuer, CtCertificates.issuerKeyHash(Certificate.getInstance(der(issuer))));
            lastIssuer = last;
        }
        return last.hash();
    }

    private record IssuerKeyHash(X509Certificate issuer, byte[] hash) {
    }

    /** The failure as the request's error: a stage's own SignetException unwrapped, anything else as {@code otherwise}. */
    private static SignetException asSignet(Throwable failure, ErrorKind otherwise) {
        Throwable cause = AsyncFailure.cause(failure);
        return cause instanceof SignetException signet ? signet
                : new SignetException(otherwise, "issuance failed: " + cause.getMessage(), cause);
    }

    /** The same identity (the log ID as the log computed it) with its key as a Bouncy Castle key. */
    private static LogIdentity withBouncyCastleKey(LogIdentity identity) {
        PublicKey key = identity.publicKey();
        try {
            key = BouncyCastle.providerKey(key);
        } catch (RuntimeException e) {
            // verification still works with the key as given, only without the cached tables
        }
        return new LogIdentity(key, identity.logId());
    }

    private static List<X509Certificate> chainOf(IssuedCertificate certificate) {
        List<X509Certificate> chain = new ArrayList<>(List.of(certificate.leaf()));
        chain.addAll(certificate.chain());
        return chain;
    }

    static List<byte[]> der(List<X509Certificate> chain) {
        List<byte[]> encoded = new ArrayList<>(chain.size());
        for (X509Certificate certificate : chain) {
            encoded.add(der(certificate));
        }
        return encoded;
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new SignetException(ErrorKind.CA_BACKEND, "certificate cannot be encoded", e);
        }
    }
}
