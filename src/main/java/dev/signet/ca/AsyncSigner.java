package dev.signet.ca;

import java.util.concurrent.CompletionStage;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * A CA key whose signature is a call to a service (a cloud KMS): it signs without holding the
 * caller's thread, and answers only with a signature it has verified with the CA's public key.
 */
public interface AsyncSigner {

    /** The AlgorithmIdentifier of its signatures, as every certificate it signs names it. */
    AlgorithmIdentifier algorithmIdentifier();

    /**
     * The CA key's signature of {@code message}, verified. Fails with a
     * {@link java.security.GeneralSecurityException} when the key or the service cannot sign (which
     * turns readiness DOWN), or a {@link dev.signet.error.SignetException} {@code CA_BUSY} when
     * too many signatures are in flight already.
     */
    CompletionStage<byte[]> sign(byte[] message);
}
