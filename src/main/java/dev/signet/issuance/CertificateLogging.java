package dev.signet.issuance;

import dev.signet.ca.CertificateAuthority;
import dev.signet.ca.IssuedCertificate;
import dev.signet.ca.Precertificate;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.codec.BouncyCastle;
import dev.signet.ctlog.CtCertificates;
import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.SctVerifier;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.IssuerType;
import dev.signet.logging.RequestIds;
import dev.signet.metrics.SignetMetrics;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * The second half of an issuance: the CA signs the precertificate (or certificate) on the calling
 * thread, the log records it while no thread waits, and the SCT is checked against the log's key
 * and the certificate finished on {@code finishing}, a small pool: never on the log's own threads,
 * which would serialize every final signature, and never on a Vert.x event loop.
 *
 * <p>No certificate leaves without its SCT: any log failure fails the stage, a busy log as
 * {@code LOG_BUSY} (503), a shared log's database away as {@code LOG_UNAVAILABLE} (503) and
 * everything else as {@code CT_LOG} (500), including an SCT that does not verify.
 */
final class CertificateLogging {

    private final CertificateAuthority ca;
    private final Optional<CtLog> log;
    private final boolean detachedSct;
    private final Executor finishing;
    private final SignetMetrics metrics;
    /** The log key as a Bouncy Castle key, made once so its precomputed point tables and log ID are reused. */
    private final Optional<LogIdentity> logKey;
    private volatile IssuerKeyHash lastIssuer;

    CertificateLogging(CertificateAuthority ca, Optional<CtLog> log, boolean detachedSct, Executor finishing,
            SignetMetrics metrics) {
        this.ca = ca;
        this.log = log;
        this.detachedSct = detachedSct;
        this.finishing = finishing;
        this.metrics = metrics;
        this.logKey = log.map(CtLog::identity).map(CertificateLogging::withBouncyCastleKey);
    }

    /**
     * Issues and logs a certificate for this identity and key. The returned stage never fails with
     * anything but a {@link SignetException}, unwrapped.
     */
    CompletionStage<Issuance> issue(CertificateIdentity identity, PublicKey subjectKey, IssuerType type) {
        try {
            if (log.isEmpty()) {
                Issuance unlogged = Issuance.unlogged(ca.issue(identity, subjectKey));
                metrics.certificateIssued(type);
                return CompletableFuture.completedFuture(unlogged);
            }
            if (detachedSct) {
                IssuedCertificate certificate = ca.issue(identity, subjectKey);
                List<X509Certificate> chain = new ArrayList<>(List.of(certificate.leaf()));
                chain.addAll(certificate.chain());
                byte[] leaf = der(certificate.leaf());
                return logged(log.get().submitChain(der(chain)), type,
                        sct -> SctVerifier.verifyX509(sct, leaf, logKey.get()),
                        sct -> Issuance.detached(certificate, sct));
            }
            Precertificate precertificate = ca.precertificate(identity, subjectKey);
            return logged(log.get().submitOwnPreChain(der(precertificate.submissionChain())), type,
                    sct -> verifiesPrecert(sct, precertificate),
                    sct -> Issuance.embedded(
                            ca.finish(precertificate, SignedCertificateTimestamp.listExtensionValue(List.of(sct)))));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(asSignet(e, ErrorKind.INTERNAL));
        }
    }

    /**
     * Waits for the log without a thread; then, on the finishing pool, checks the SCT with the log's
     * key, records the submission, and runs {@code finish}.
     */
    private CompletableFuture<Issuance> logged(CompletionStage<SignedCertificateTimestamp> submission, IssuerType type,
            Predicate<SignedCertificateTimestamp> verifies, Function<SignedCertificateTimestamp, Issuance> finish) {
        long started = System.nanoTime();
        CompletableFuture<Issuance> result = new CompletableFuture<>();
        // Captured here, on the signing thread: the log completes the submission on its own threads.
        Executor finishing = RequestIds.carrying(this::finish);
        submission.whenCompleteAsync((sct, failure) -> {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            SignetException logFailure = failure != null ? logFailure(failure) : verified(sct, verifies);
            if (logFailure != null) {
                metrics.logSubmission(elapsed, logFailure.kind() == ErrorKind.LOG_BUSY ? "busy" : "error");
                result.completeExceptionally(logFailure);
                return;
            }
            metrics.logSubmission(elapsed, "ok");
            try {
                Issuance issued = finish.apply(sct);
                metrics.certificateIssued(type);
                result.complete(issued);
            } catch (RuntimeException e) {
                result.completeExceptionally(asSignet(e, ErrorKind.CT_LOG));
            }
        }, finishing);
        return result;
    }

    /** Runs on the finishing pool; on the completing thread only if the pool is shut down. */
    private void finish(Runnable task) {
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

    /** Null when the SCT verifies with the log's key, else the CT_LOG failure: such an SCT is never used. */
    private static SignetException verified(SignedCertificateTimestamp sct, Predicate<SignedCertificateTimestamp> verifies) {
        try {
            if (verifies.test(sct)) {
                return null;
            }
        } catch (RuntimeException e) {
            return new SignetException(ErrorKind.CT_LOG, "the log's SCT cannot be checked", e);
        }
        return new SignetException(ErrorKind.CT_LOG, "the log's SCT does not verify with the log key");
    }

    /**
     * The SCT over the precertificate's TBS without the poison, cut from our own DER here rather
     * than taken from what the log computed, so a log that signed something else is caught.
     */
    private boolean verifiesPrecert(SignedCertificateTimestamp sct, Precertificate precertificate) {
        return SctVerifier.verifyPrecert(sct, issuerKeyHash(precertificate.issuer()),
                CtCertificates.tbsWithout(der(precertificate.certificate()), CtCertificates.POISON), logKey.get());
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

    private static SignetException asSignet(RuntimeException e, ErrorKind otherwise) {
        return e instanceof SignetException signet ? signet
                : new SignetException(otherwise, "issuance failed: " + e.getMessage(), e);
    }

    /** The same identity (the log ID as the log computed it) with its key as a Bouncy Castle key. */
    private static LogIdentity withBouncyCastleKey(LogIdentity identity) {
        PublicKey key = identity.publicKey();
        try {
            key = KeyFactory.getInstance(key.getAlgorithm(), BouncyCastle.PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            // verification still works with the key as given, only without the cached tables
        }
        return new LogIdentity(key, identity.logId());
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
