package dev.signet.ctlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 through the JDK provider, which uses the CPU's SHA instructions (about 10x Bouncy Castle). */
public final class Sha256 {
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });

    private Sha256() {
    }

    /** SHA-256 of the concatenation of {@code parts}. */
    public static byte[] hash(byte[]... parts) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** SHA-256 of one prefix byte followed by {@code parts}: the RFC 6962 leaf and node hashes. */
    static byte[] hashWithPrefix(byte prefix, byte[]... parts) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        digest.update(prefix);
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }
}
