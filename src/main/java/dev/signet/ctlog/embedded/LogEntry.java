package dev.signet.ctlog.embedded;

/**
 * One entry as RFC 6962 {@code get-entries} returns it.
 *
 * @param index position in the log
 * @param leafInput the MerkleTreeLeaf
 * @param extraData the certificate chain (x509) or PrecertChainEntry (precert), TLS-encoded
 */
public record LogEntry(long index, byte[] leafInput, byte[] extraData) {
}
