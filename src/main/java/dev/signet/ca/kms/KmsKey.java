package dev.signet.ca.kms;

import dev.signet.ca.CaSignatureAlgorithm;
import java.security.PublicKey;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A signing key that stays in a KMS; each variant (sub-package) speaks to one service through its
 * client. Calls never block the caller: each returns a stage the service's client completes from
 * its own I/O threads. Deadlines and the bound on signatures in flight are {@link KmsSigningKey}'s.
 */
public interface KmsKey extends AutoCloseable {

    /**
     * What the service says about the key: its public key and the algorithms it can sign with.
     * Fails with a {@link KmsException}.
     */
    CompletionStage<Description> describe();

    /**
     * Signs {@code digest}, the hash that {@code algorithm} names of the data to be signed. The
     * signature is encoded as X.509 carries it: DER ECDSA-Sig-Value, or the PKCS#1 v1.5 octets.
     * Fails with a {@link KmsException}.
     */
    CompletionStage<byte[]> sign(byte[] digest, CaSignatureAlgorithm algorithm);

    /** The key reference, for messages (never a credential). */
    KmsKeyReference reference();

    /** Releases the client's connections and threads. */
    @Override
    void close();

    /**
     * @param publicKey  the key's public key as the service returns it
     * @param algorithms what the key can sign with, of those Signet uses
     * @param keyType    the service's own name of the key type ({@code ECC_NIST_P384}, {@code ecdsa-p256}, …)
     */
    record Description(PublicKey publicKey, Set<CaSignatureAlgorithm> algorithms, String keyType) {

        public Description {
            algorithms = Set.copyOf(algorithms);
        }
    }
}
