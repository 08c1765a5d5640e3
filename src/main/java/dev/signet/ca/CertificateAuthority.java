package dev.signet.ca;

import dev.signet.certificate.CertificateIdentity;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

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
