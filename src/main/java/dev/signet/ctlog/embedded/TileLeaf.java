package dev.signet.ctlog.embedded;

import dev.signet.ctlog.EntryType;
import dev.signet.ctlog.TimestampedEntry;
import dev.signet.ctlog.TlsReader;
import dev.signet.ctlog.TlsWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a static-ct-api data tile: the TimestampedEntry, for precerts the submitted
 * precertificate, then the SHA-256 fingerprints of the submitted chain (issuers, root included).
 */
public record TileLeaf(TimestampedEntry entry, byte[] precertificate, List<byte[]> chainFingerprints) {

    void writeTo(TlsWriter out) {
        entry.writeTo(out);
        if (entry.type() == EntryType.PRECERT_ENTRY) {
            out.vector(precertificate, 3);
        }
        TlsWriter fingerprints = new TlsWriter(32 * chainFingerprints.size());
        for (byte[] fingerprint : chainFingerprints) {
            fingerprints.raw(fingerprint);
        }
        out.vector(fingerprints.toByteArray(), 2);
    }

    static TileLeaf readFrom(TlsReader in) {
        TimestampedEntry entry = TimestampedEntry.readFrom(in);
        byte[] precertificate = entry.type() == EntryType.PRECERT_ENTRY ? in.vector(3) : new byte[0];
        byte[] fingerprints = in.vector(2);
        if (fingerprints.length % 32 != 0) {
            throw new IllegalArgumentException("chain fingerprints are not a multiple of 32 bytes");
        }
        List<byte[]> chain = new ArrayList<>();
        TlsReader hashes = new TlsReader(fingerprints);
        while (hashes.hasRemaining()) {
            chain.add(hashes.raw(32));
        }
        return new TileLeaf(entry, precertificate, chain);
    }

    /** Reads every entry of a data tile. */
    public static List<TileLeaf> readAll(byte[] tile) {
        List<TileLeaf> leaves = new ArrayList<>();
        TlsReader in = new TlsReader(tile);
        while (in.hasRemaining()) {
            leaves.add(readFrom(in));
        }
        return leaves;
    }
}
