package dev.signet.ctlog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
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

    /** Longest response body accepted; a real one is about 250 bytes. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public static AddChainResponse of(SignedCertificateTimestamp sct) {
        Base64.Encoder base64 = Base64.getEncoder();
        return new AddChainResponse(0, base64.encodeToString(sct.logId()), sct.timestamp(),
                base64.encodeToString(sct.extensions()), base64.encodeToString(sct.signature()));
    }

    /** The JSON a log (or Signet's detached-SCT answer) sends for {@code sct}. */
    public static byte[] encode(SignedCertificateTimestamp sct) {
        try {
            return JSON.writeValueAsBytes(of(sct));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an SCT cannot fail to serialise", e);
        }
    }

    /**
     * Parses a log's answer into the SCT it carries. Every field must be present with its JSON type; {@code sct_version}
     * must be 0 (v1); duplicate keys and trailing data are rejected. Unknown fields are ignored, as
     * RFC 6962 clients do.
     *
     * @throws SignetException {@link ErrorKind#CT_LOG} for anything else
     */
    public static SignedCertificateTimestamp parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw malformed("body of " + json.length + " bytes is too long");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException | RuntimeException e) {
            throw malformed("not JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || !root.isObject()) {
            throw malformed("not a JSON object");
        }
        JsonNode version = required(root, "sct_version");
        if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() != 0) {
            throw malformed("sct_version is not 0");
        }
        JsonNode timestamp = required(root, "timestamp");
        if (!timestamp.isIntegralNumber() || !timestamp.canConvertToLong() || timestamp.longValue() < 0) {
            throw malformed("timestamp is not a non-negative integer");
        }
        byte[] logId = base64(root, "id");
        if (logId.length != 32) {
            throw malformed("id is " + logId.length + " bytes, not 32");
        }
        byte[] extensions = base64(root, "extensions");
        byte[] signature = base64(root, "signature");
        try {
            DigitallySigned.parse(signature);
            return new SignedCertificateTimestamp(logId, timestamp.longValue(), extensions, signature);
        } catch (IllegalArgumentException e) {
            throw malformed("bad signature or extensions: " + e.getMessage());
        }
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw malformed(field + " is missing");
        }
        return value;
    }

    private static byte[] base64(JsonNode root, String field) {
        JsonNode value = required(root, field);
        if (!value.isTextual()) {
            throw malformed(field + " is not a string");
        }
        try {
            return Base64.getDecoder().decode(value.textValue());
        } catch (IllegalArgumentException e) {
            throw malformed(field + " is not base64");
        }
    }

    private static SignetException malformed(String why) {
        return new SignetException(ErrorKind.CT_LOG, "malformed add-chain response from the remote log: " + why);
    }
}
