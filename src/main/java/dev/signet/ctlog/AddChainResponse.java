package dev.signet.ctlog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Base64;

/**
 * RFC 6962's {@code add-chain} / {@code add-pre-chain} answer: an SCT as JSON. Fulcio also returns
 * detached SCTs in this shape (base64 of this JSON), which cosign parses.
 *
 * @param sctVersion always 0 (v1)
 * @param id         base64 of the log ID
 * @param timestamp  milliseconds since the epoch
 * @param extensions base64 of the SCT extensions
 * @param signature  base64 of the TLS-encoded DigitallySigned
 */
public record AddChainResponse(
        @JsonProperty("sct_version") int sctVersion,
        @JsonProperty("id") String id,
        @JsonProperty("timestamp") long timestamp,
        @JsonProperty("extensions") String extensions,
        @JsonProperty("signature") String signature) {

    public static AddChainResponse of(SignedCertificateTimestamp sct) {
        Base64.Encoder base64 = Base64.getEncoder();
        return new AddChainResponse(0, base64.encodeToString(sct.logId()), sct.timestamp(),
                base64.encodeToString(sct.extensions()), base64.encodeToString(sct.signature()));
    }
}
