package dev.signet.ctlog;

import dev.signet.codec.BouncyCastle;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * Verifies an RFC 6962 SCT signature for a precert or x509 entry: on a remote log's SCT before it
 * is embedded, and in tests. Only SHA-256 with ECDSA or RSA is accepted, as RFC 6962 allows.
 */
public final class SctVerifier {

    private SctVerifier() {
    }

    /** True when {@code sct} is {@code logKey}'s signature over the precert entry. */
    public static boolean verifyPrecert(SignedCertificateTimestamp sct, byte[] issuerKeyHash, byte[] tbsWithoutPoison,
            PublicKey logKey) {
        return verifyPrecert(sct, issuerKeyHash, tbsWithoutPoison, LogIdentity.of(logKey));
    }

    /** As {@link #verifyPrecert(SignedCertificateTimestamp, byte[], byte[], PublicKey)}, with the log ID computed once. */
    public static boolean verifyPrecert(SignedCertificateTimestamp sct, byte[] issuerKeyHash, byte[] tbsWithoutPoison,
            LogIdentity log) {
        if (issuerKeyHash.length != 32) {
            return false;
        }
        return verify(sct, TimestampedEntry.precert(sct.timestamp(), issuerKeyHash, tbsWithoutPoison, sct.extensions()),
                log);
    }

    /** True when {@code sct} is {@code logKey}'s signature over the x509 entry for {@code certificateDer}. */
    public static boolean verifyX509(SignedCertificateTimestamp sct, byte[] certificateDer, PublicKey logKey) {
        return verifyX509(sct, certificateDer, LogIdentity.of(logKey));
    }

    /** As {@link #verifyX509(SignedCertificateTimestamp, byte[], PublicKey)}, with the log ID computed once. */
    public static boolean verifyX509(SignedCertificateTimestamp sct, byte[] certificateDer, LogIdentity log) {
        return verify(sct, TimestampedEntry.x509(sct.timestamp(), certificateDer, sct.extensions()), log);
    }

    private static boolean verify(SignedCertificateTimestamp sct, TimestampedEntry entry, LogIdentity log) {
        if (!Arrays.equals(sct.logId(), log.logId())) {
            return false;
        }
        return verifySignature(sct.signature(), entry.sctSignatureInput(), log.publicKey());
    }

    /**
     * True when {@code digitallySigned} (TLS encoding) is {@code key}'s SHA-256 signature over
     * {@code message}. Shared by SCT and tree-head verification.
     */
    public static boolean verifySignature(byte[] digitallySigned, byte[] message, PublicKey key) {
        try {
            DigitallySigned signed = DigitallySigned.parse(digitallySigned);
            if (signed.hashAlgorithm() != DigitallySigned.SHA256) {
                return false;
            }
            String algorithm;
            if (signed.signatureAlgorithm() == DigitallySigned.ECDSA && "EC".equals(key.getAlgorithm())) {
                algorithm = "SHA256withECDSA";
            } else if (signed.signatureAlgorithm() == DigitallySigned.RSA && "RSA".equals(key.getAlgorithm())) {
                algorithm = "SHA256withRSA";
            } else {
                return false;
            }
            Signature verifier = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signed.signature());
        } catch (GeneralSecurityException | RuntimeException e) {
            // Bouncy Castle throws unchecked exceptions on malformed signatures: that is "invalid".
            return false;
        }
    }
}
