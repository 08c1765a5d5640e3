package dev.signet.challenge;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash a proof is signed with; NONE for pure Ed25519, which hashes internally (Fulcio's "hash 0"). */
enum HashAlgorithm {
    SHA256("SHA-256", "SHA256withRSA"),
    SHA384("SHA-384", "SHA384withRSA"),
    SHA512("SHA-512", "SHA512withRSA"),
    NONE(null, null);

    private final String digestName;
    private final String rsaPkcs1SignatureName;

    HashAlgorithm(String digestName, String rsaPkcs1SignatureName) {
        this.digestName = digestName;
        this.rsaPkcs1SignatureName = rsaPkcs1SignatureName;
    }

    byte[] digest(byte[] message) {
        try {
            return MessageDigest.getInstance(digestName).digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + digestName, e);
        }
    }

    /** The JCA name of RSA PKCS#1 v1.5 with this hash. */
    String rsaPkcs1SignatureName() {
        return rsaPkcs1SignatureName;
    }
}
