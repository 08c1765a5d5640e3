package dev.signet.ctlog.embedded;

import dev.signet.ctlog.EntryType;
import dev.signet.ctlog.LeafIndexExtension;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.TimestampedEntry;

/** The log's entries and SCTs: both the sequencer and answers for chains already logged build them here. */
final class SctSigner {
    private final LogSigner signer;
    private final LogIdentity identity;

    SctSigner(LogSigner signer) {
        this.signer = signer;
        this.identity = signer.identity();
    }

    /** The SCT of an entry that is in a committed checkpoint; only then is one signed for it. */
    SignedCertificateTimestamp sct(AcceptedChain accepted, long timestamp, long index) {
        TimestampedEntry entry = timestampedEntry(accepted, timestamp, index);
        return new SignedCertificateTimestamp(identity.logId(), timestamp, entry.extensions(),
                signer.sign(entry.sctSignatureInput()).encoded());
    }

    static TimestampedEntry timestampedEntry(AcceptedChain chain, long timestamp, long index) {
        byte[] extensions = LeafIndexExtension.encode(index);
        return chain.type() == EntryType.PRECERT_ENTRY
                ? TimestampedEntry.precert(timestamp, chain.issuerKeyHash(), chain.signedData(), extensions)
                : TimestampedEntry.x509(timestamp, chain.signedData(), extensions);
    }
}
