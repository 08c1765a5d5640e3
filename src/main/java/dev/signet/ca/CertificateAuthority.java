package dev.signet.ca;

import dev.signet.certificate.CertificateIdentity;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Signs leaf certificates and publishes the chain clients trust. */
public interface CertificateAuthority {

    /**
     * Issue a leaf for this identity and key.
     *
     * @throws dev.signet.error.SignetException {@code CA_BACKEND} on any signing or backend failure;
     *     its detail goes to the log only
     */
    IssuedCertificate issue(CertificateIdentity identity, PublicKey subjectKey);

    /**
     * Signs the precertificate for this identity and key: the leaf as it will be issued, plus the
     * critical CT poison extension, for a transparency log's {@code add-pre-chain}.
     *
     * @throws dev.signet.error.SignetException {@code CA_BACKEND} on any signing or backend failure
     */
    Precertificate precertificate(CertificateIdentity identity, PublicKey subjectKey);

    /**
     * Issues the final certificate of a logged precertificate: the same fields and extensions
     * without the poison, plus the SCT list extension in its place, signed by the same CA key.
     *
     * @param sctList the extnValue content of the SCT list extension (a DER OCTET STRING holding
     *                the TLS-encoded SignedCertificateTimestampList)
     * @throws dev.signet.error.SignetException {@code CA_BACKEND} on any signing or backend failure
     */
    IssuedCertificate finish(Precertificate precertificate, byte[] sctList);

    /**
     * {@link #issue} without holding the caller's thread while the CA key signs. The stage fails
     * with the {@link dev.signet.error.SignetException} the synchronous method throws, plus
     * {@code CA_BUSY} when the backend's bound on signatures in flight is full. By default this
     * runs {@link #issue} in the calling thread (a key in memory or an HSM signs in microseconds to
     * milliseconds); a backend whose signature is a network call overrides it.
     */
    default CompletionStage<IssuedCertificate> issueAsync(CertificateIdentity identity, PublicKey subjectKey) {
        return completed(() -> issue(identity, subjectKey));
    }

    /** {@link #precertificate} without holding the caller's thread; see {@link #issueAsync}. */
    default CompletionStage<Precertificate> precertificateAsync(CertificateIdentity identity, PublicKey subjectKey) {
        return completed(() -> precertificate(identity, subjectKey));
    }

    /** {@link #finish} without holding the caller's thread; see {@link #issueAsync}. */
    default CompletionStage<IssuedCertificate> finishAsync(Precertificate precertificate, byte[] sctList) {
        return completed(() -> finish(precertificate, sctList));
    }

    /** The outcome of a synchronous step as a completed stage, its exception included. */
    private static <T> CompletionStage<T> completed(Supplier<T> step) {
        try {
            return CompletableFuture.completedFuture(step.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The CA chain: issuing certificate first, root last; what trustBundle publishes and every issued chain ends with. */
    List<X509Certificate> trustChain();

    /**
     * Every CA chain clients should trust, each issuing certificate first and root last: the
     * issuing chain ({@link #trustChain()}) first, then, during a rotation, the older or next chains
     * published beside it. What trustBundle, rootCert and trustedRoot answer.
     */
    default List<List<X509Certificate>> publishedChains() {
        return List.of(trustChain());
    }

    /**
     * Signs a fixed test message with the CA key now and verifies it with the issuing certificate's
     * public key (the readiness probe); the outcome becomes {@link #signingStatus()}.
     *
     * @throws dev.signet.error.SignetException {@code CA_BACKEND} when the key cannot sign
     */
    void testSignature();

    /** The outcome of the CA key's latest signature, real or test; cheap to call. */
    SigningStatus signingStatus();
}
