package dev.signet.ctlog.embedded;

import dev.signet.ctlog.EntryType;
import dev.signet.ctlog.Sha256;
import dev.signet.ctlog.TimestampedEntry;
import dev.signet.ctlog.TlsWriter;
import java.util.Arrays;

/**
 * What makes two submissions the same entry, for deduplication: SHA-256 over the entry's
 * {@code entry_type} (uint16), for a precert the {@code issuer_key_hash}, and the uint24-prefixed
 * signed data (the precert's TBS without poison, or the certificate) — the RFC 6962
 * TimestampedEntry without its timestamp and extensions, as Sunlight keys its deduplication cache.
 * So a chain with another path to an accepted root is the same entry (its SCT covers exactly these
 * bytes), while a certificate and its precertificate are not.
 *
 * @param sha256 the 32-byte digest
 */
public record EntryKey(byte[] sha256) {

    static EntryKey of(EntryType type, byte[] issuerKeyHash, byte[] signedData) {
        TlsWriter out = new TlsWriter(signedData.length + 40);
        out.uint(type.code(), 2);
        if (type == EntryType.PRECERT_ENTRY) {
            out.raw(issuerKeyHash);
        }
        out.vector(signedData, 3);
        return new EntryKey(Sha256.hash(out.toByteArray()));
    }

    static EntryKey of(AcceptedChain chain) {
        return of(chain.type(), chain.issuerKeyHash(), chain.signedData());
    }

    public static EntryKey of(TimestampedEntry entry) {
        return of(entry.type(), entry.issuerKeyHash(), entry.signedData());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EntryKey key && Arrays.equals(key.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return java.util.HexFormat.of().formatHex(sha256);
    }
}
