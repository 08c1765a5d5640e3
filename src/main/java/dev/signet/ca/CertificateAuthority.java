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

    /** The CA chain: issuing certificate first, root last; what trustBundle publishes and every issued chain ends with. */
    List<X509Certificate> trustChain();
}
