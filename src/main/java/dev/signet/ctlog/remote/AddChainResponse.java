package dev.signet.ctlog.remote;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ctlog.DigitallySigned;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The RFC 6962 {@code AddChainResponse} JSON: {@code sct_version}, {@code id}, {@code timestamp},
 * {@code extensions} and {@code signature}, the byte fields in standard padded base64.
 */
public final class AddChainResponse {
    /** Longest response body accepted; a real one is about 250 bytes. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private AddChainResponse() {
    }

    /**
     * Parses a log's answer. Every field must be present with its JSON type; {@code sct_version}
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

    /** The JSON a log (or Signet's detached-SCT answer) sends for {@code sct}. */
    public static byte[] encode(SignedCertificateTimestamp sct) {
        Base64.Encoder base64 = Base64.getEncoder();
        String json = "{\"sct_version\":0,\"id\":\"" + base64.encodeToString(sct.logId())
                + "\",\"timestamp\":" + sct.timestamp()
                + ",\"extensions\":\"" + base64.encodeToString(sct.extensions())
                + "\",\"signature\":\"" + base64.encodeToString(sct.signature()) + "\"}";
        return json.getBytes(StandardCharsets.US_ASCII);
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
