package dev.signet.ctlog;

/**
 * An RFC 6962 signed tree head, as {@code get-sth} returns it.
 *
 * @param treeSize number of entries
 * @param timestamp milliseconds since the epoch
 * @param rootHash 32-byte Merkle tree root
 * @param signature TLS {@code DigitallySigned} over {@link #signatureInput}
 */
public record SignedTreeHead(long treeSize, long timestamp, byte[] rootHash, byte[] signature) {

    public SignedTreeHead {
        rootHash = rootHash.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The 50-byte RFC 6962 {@code TreeHeadSignature} input: v1, tree_hash, timestamp, size, root. */
    public static byte[] signatureInput(long timestamp, long treeSize, byte[] rootHash) {
        return new TlsWriter(50).uint8(0).uint8(1).uint64(timestamp).uint64(treeSize).raw(rootHash).toByteArray();
    }
}
