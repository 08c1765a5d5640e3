package dev.signet.ctlog.embedded.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads an {@code add-chain} / {@code add-pre-chain} body, {@code {"chain":[b64 DER, ...]}}, within fixed bounds. */
public final class SubmittedChain {
    /** Most certificates in one submitted chain (the log's own limit too). */
    public static final int MAX_CERTIFICATES = 10;
    /** Largest body read: ten 64 KiB certificates in base64 fit well below it. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SubmittedChain() {
    }

    /** The DER certificates of the body, in order. */
    public static List<byte[]> read(byte[] body) {
        if (body == null || body.length == 0) {
            throw QueryParameters.invalid("empty add-chain body");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw QueryParameters.invalid("add-chain body of " + body.length + " bytes is over the cap");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw QueryParameters.invalid("add-chain body is not JSON: " + e.getClass().getSimpleName());
        }
        JsonNode chain = root == null ? null : root.get("chain");
        if (chain == null || !chain.isArray()) {
            throw QueryParameters.invalid("add-chain body has no chain array");
        }
        if (chain.isEmpty() || chain.size() > MAX_CERTIFICATES) {
            throw QueryParameters.invalid("chain of " + chain.size() + " certificates; 1 to " + MAX_CERTIFICATES
                    + " allowed");
        }
        List<byte[]> ders = new ArrayList<>(chain.size());
        for (JsonNode element : chain) {
            if (!element.isTextual()) {
                throw QueryParameters.invalid("chain element is not a string");
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(element.textValue());
            } catch (IllegalArgumentException e) {
                throw QueryParameters.invalid("chain element is not base64");
            }
            if (der.length == 0) {
                throw QueryParameters.invalid("chain element is empty");
            }
            ders.add(der);
        }
        return ders;
    }
}
