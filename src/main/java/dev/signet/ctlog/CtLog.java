package dev.signet.ctlog;

import java.util.List;

/**
 * A Certificate Transparency log Signet submits to: the embedded log, or a remote RFC 6962 log.
 *
 * <p>Implementations return an SCT only for an entry that is durably sequenced and covered by a
 * committed, published checkpoint. Failures are {@link dev.signet.error.SignetException}s of kind
 * {@code CT_LOG}; a full pool is {@code LOG_BUSY} (503, retry later); a chain the log does not
 * accept is {@code LOG_REJECTED_CHAIN} (400).
 */
public interface CtLog {

    /**
     * RFC 6962 {@code add-pre-chain}: {@code chain} is the precertificate DER (with the poison
     * extension), its issuer DER, and so on up to the root. Blocks until the entry is published.
     */
    SignedCertificateTimestamp addPreChain(List<byte[]> chain);

    /** RFC 6962 {@code add-chain} ({@code x509_entry}) for a final certificate and its issuers. */
    SignedCertificateTimestamp addChain(List<byte[]> chain);

    /** The log's public key (ECDSA P-256) and log ID. */
    LogIdentity identity();
}
