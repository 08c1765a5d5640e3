package dev.signet.ctlog;

import java.util.Arrays;

/**
 * RFC 6962 {@code TimestampedEntry}: what a log signs in an SCT and hashes into its tree.
 *
 * @param timestamp milliseconds since the epoch
 * @param type x509 or precert entry
 * @param issuerKeyHash SHA-256 of the issuing CA's SubjectPublicKeyInfo (precert only, else empty)
 * @param signedData the certificate DER (x509) or the precertificate TBS without poison (precert)
 * @param extensions the CtExtensions bytes (for static-ct-api logs, the leaf_index extension)
 */
public record TimestampedEntry(long timestamp, EntryType type, byte[] issuerKeyHash, byte[] signedData,
        byte[] extensions) {
    private static final int MAX_24 = (1 << 24) - 1;

    public TimestampedEntry {
        if (type == EntryType.PRECERT_ENTRY && issuerKeyHash.length != 32) {
            throw new IllegalArgumentException("issuer key hash must be 32 bytes");
        }
        if (signedData.length > MAX_24 || extensions.length > 0xFFFF) {
            throw new IllegalArgumentException("entry too large");
        }
    }

    /** A precert entry. */
    public static TimestampedEntry precert(long timestamp, byte[] issuerKeyHash, byte[] tbsWithoutPoison,
            byte[] extensions) {
        return new TimestampedEntry(timestamp, EntryType.PRECERT_ENTRY, issuerKeyHash, tbsWithoutPoison, extensions);
    }

    /** An x509 entry. */
    public static TimestampedEntry x509(long timestamp, byte[] certificate, byte[] extensions) {
        return new TimestampedEntry(timestamp, EntryType.X509_ENTRY, new byte[0], certificate, extensions);
    }

    /** Appends the TimestampedEntry encoding. */
    public void writeTo(TlsWriter out) {
        out.uint64(timestamp).uint16(type.code());
        writeSignedEntryAndExtensions(out);
    }

    /** The RFC 6962 {@code MerkleTreeLeaf}: version v1, timestamped_entry, then this entry. */
    public byte[] merkleTreeLeaf() {
        TlsWriter out = new TlsWriter(signedData.length + 64);
        out.uint8(0).uint8(0);
        writeTo(out);
        return out.toByteArray();
    }

    /** The bytes an SCT signature covers (RFC 6962 §3.2, signature_type certificate_timestamp). */
    public byte[] sctSignatureInput() {
        TlsWriter out = new TlsWriter(signedData.length + 64);
        out.uint8(0).uint8(0).uint64(timestamp).uint16(type.code());
        writeSignedEntryAndExtensions(out);
        return out.toByteArray();
    }

    /** Reads one TimestampedEntry. */
    public static TimestampedEntry readFrom(TlsReader in) {
        long timestamp = in.uint64();
        EntryType type = EntryType.fromCode(in.uint16());
        byte[] issuerKeyHash = type == EntryType.PRECERT_ENTRY ? in.raw(32) : new byte[0];
        byte[] signedData = in.vector(3);
        byte[] extensions = in.vector(2);
        return new TimestampedEntry(timestamp, type, issuerKeyHash, signedData, extensions);
    }

    private void writeSignedEntryAndExtensions(TlsWriter out) {
        if (type == EntryType.PRECERT_ENTRY) {
            out.raw(issuerKeyHash);
        }
        out.vector(signedData, 3).vector(extensions, 2);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TimestampedEntry that && timestamp == that.timestamp && type == that.type
                && Arrays.equals(issuerKeyHash, that.issuerKeyHash) && Arrays.equals(signedData, that.signedData)
                && Arrays.equals(extensions, that.extensions);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp) * 31 + Arrays.hashCode(signedData);
    }

    @Override
    public String toString() {
        return "TimestampedEntry[" + type + " at " + timestamp + ", " + signedData.length + " bytes]";
    }
}
