package dev.signet.ctlog.embedded;

import dev.signet.ctlog.SignedCertificateTimestamp;
import java.util.concurrent.CompletableFuture;

/**
 * A submission waiting for its flush.
 *
 * @param chain what it logs
 * @param key its deduplication key: a later submission with the same key shares {@code result}
 * @param outside whether it came through the public endpoints (and counts against their share)
 * @param result completed with the SCT once the entry is published
 */
record Pending(AcceptedChain chain, EntryKey key, boolean outside,
        CompletableFuture<SignedCertificateTimestamp> result) {
    /** Fixed cost of a pending submission besides its certificates: objects, future, deadline, pool slot. */
    private static final int OVERHEAD_BYTES = 512;

    /** The heap this submission holds until its flush, for the pool's byte cap. */
    long bytes() {
        long bytes = OVERHEAD_BYTES + chain.leaf().length + chain.signedData().length + chain.issuerKeyHash().length;
        for (byte[] issuer : chain.issuers()) {
            bytes += issuer.length + 32;
        }
        return bytes;
    }
}
