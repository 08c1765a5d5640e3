package dev.signet.ctlog;

import java.security.PublicKey;

/** A log's public key and its RFC 6962 log ID, the SHA-256 of the key's DER SubjectPublicKeyInfo. */
public record LogIdentity(PublicKey publicKey, byte[] logId) {

    public LogIdentity {
        logId = logId.clone();
    }

    /** The identity of {@code publicKey}, with the log ID computed from its encoding. */
    public static LogIdentity of(PublicKey publicKey) {
        return new LogIdentity(publicKey, Sha256.hash(publicKey.getEncoded()));
    }

    @Override
    public byte[] logId() {
        return logId.clone();
    }
}
