package dev.signet.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.util.Base64;

/**
 * Reads request JSON as protojson does: unknown fields ignored, {@code bytes} fields in standard or
 * URL-safe base64 with or without padding. Duplicate keys are refused so that no two readers of one
 * body can disagree.
 */
final class RequestBodies {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private RequestBodies() {
    }

    static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new SignetException(ErrorKind.INVALID_REQUEST, "empty request body");
        }
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw new SignetException(ErrorKind.INVALID_REQUEST, "request body is JSON null");
            }
            return value;
        } catch (IOException e) {
            throw new SignetException(ErrorKind.INVALID_REQUEST, "request body is not the expected JSON: "
                    + e.getClass().getSimpleName());
        }
    }

    /** Decodes a protobuf {@code bytes} field; {@code kind} names what is wrong if it is not base64. */
    static byte[] base64(String value, ErrorKind kind, String field) {
        String trimmed = value.strip();
        try {
            boolean urlSafe = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0;
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new SignetException(kind, field + " is not base64");
        }
    }

    static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
