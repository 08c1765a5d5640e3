package dev.signet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The v2 {@code SigningCertificate} response: exactly one of the two members is present, as with a
 * protobuf oneof.
 *
 * @param signedCertificateDetachedSct chain plus a separate SCT (empty when no log is configured)
 * @param signedCertificateEmbeddedSct chain whose leaf embeds its SCT
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SigningCertificate(
        DetachedSct signedCertificateDetachedSct, EmbeddedSct signedCertificateEmbeddedSct) {

    /** {@code SigningCertificateDetachedSCT}; the SCT is base64 JSON, or {@code ""} as Fulcio emits when unset. */
    public record DetachedSct(CertificateChain chain, String signedCertificateTimestamp) {
    }

    /** {@code SigningCertificateEmbeddedSCT}. */
    public record EmbeddedSct(CertificateChain chain) {
    }

    /** {@code CertificateChain}: PEM certificates, leaf first. */
    public record CertificateChain(List<String> certificates) {
    }
}
