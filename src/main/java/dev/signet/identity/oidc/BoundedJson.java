package dev.signet.identity.oidc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jackson readers with hard limits for attacker-supplied JSON: duplicate keys rejected (as jose4j
 * does, so a pre-parse and the verifier cannot read different values), shallow nesting so no
 * recursion can overflow the stack, and bounded strings.
 */
final class BoundedJson {

    /** Token headers and payloads: small by nature. */
    static final BoundedJson TOKEN = new BoundedJson(16, 8 * 1024, 256);
    /** Discovery documents and key sets: larger strings (RSA moduli, long URLs) but still shallow. */
    static final BoundedJson DOCUMENT = new BoundedJson(16, 64 * 1024, 10_000);

    private final ObjectMapper mapper;
    private final int maxMembers;

    private BoundedJson(int maxDepth, int maxStringLength, int maxMembers) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxStringLength(maxStringLength)
                .maxNameLength(1024)
                .maxNumberLength(64)
                .build();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
        this.maxMembers = maxMembers;
    }

    /**
     * Reads one JSON value.
     *
     * @throws IOException for malformed JSON or any limit exceeded
     */
    JsonNode read(byte[] json) throws IOException {
        requireUtf8(json);
        JsonNode node = mapper.readTree(json);
        if (node == null || node.isMissingNode()) {
            throw new IOException("empty JSON document");
        }
        return node;
    }

    /**
     * Jackson decodes some malformed UTF-8 (overlong forms such as C1 98 for 'X') where jose4j, like
     * the JDK, sees U+FFFD: the token's two parsers would read different claim names. Strict UTF-8
     * first, as RFC 8259 requires, closes that gap.
     */
    private static void requireUtf8(byte[] json) throws IOException {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json));
        } catch (CharacterCodingException e) {
            throw new IOException("JSON document is not well-formed UTF-8");
        }
    }

    /** Reads a JSON object with at most {@code maxMembers} top-level members. */
    JsonNode readObject(byte[] json) throws IOException {
        JsonNode node = read(json);
        if (!node.isObject()) {
            throw new IOException("JSON value is not an object but " + node.getNodeType());
        }
        if (node.size() > maxMembers) {
            throw new IOException("JSON object has too many members: " + node.size());
        }
        return node;
    }

    /** Converts an object node to plain Java values (String, Boolean, Long, BigInteger, Double, List, Map, null). */
    static Map<String, Object> toJavaMap(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), toJava(field.getValue()));
        }
        // unmodifiableMap rather than Map.copyOf: JSON null is a legitimate claim value
        return Collections.unmodifiableMap(map);
    }

    private static Object toJava(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                if (node.isIntegralNumber()) {
                    return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
                }
                return node.doubleValue();
            case ARRAY:
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(toJava(element));
                }
                return Collections.unmodifiableList(list);
            case OBJECT:
                return toJavaMap(node);
            case NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected JSON node type " + node.getNodeType());
        }
    }
}
