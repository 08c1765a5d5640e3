package dev.signet.identity.oidc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

    /**
     * Reads a JSON object with at most {@code maxMembers} top-level members straight into plain Java
     * values (String, Boolean, Long, BigInteger, Double, List, Map, null), with the same limits as
     * {@link #readObject} but no tree in between: a token's header and claims are read on every
     * issuance, and building a {@code JsonNode} tree first only to copy it cost about as much as the
     * parse itself.
     *
     * @throws IOException for malformed JSON, a value that is not an object, or any limit exceeded
     */
    Map<String, Object> readJavaObject(byte[] json) throws IOException {
        requireUtf8(json);
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException("empty JSON document");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IOException("JSON value is not an object but " + first);
            }
            Map<String, Object> object = readMembers(parser);
            if (object.size() > maxMembers) {
                throw new IOException("JSON object has too many members: " + object.size());
            }
            if (parser.nextToken() != null) {
                throw new IOException("trailing content after the JSON object");
            }
            return object;
        }
    }

    /** The members of the object whose START_OBJECT the parser is on, up to its END_OBJECT. */
    private static Map<String, Object> readMembers(JsonParser parser) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            parser.nextToken();
            map.put(name, readValue(parser));
        }
        // unmodifiableMap rather than Map.copyOf: JSON null is a legitimate claim value
        return Collections.unmodifiableMap(map);
    }

    /** The value the parser is on; nesting is bounded by the parser's own depth limit. */
    private static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT :
                return readMembers(parser);
            case START_ARRAY :
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(parser));
                }
                return Collections.unmodifiableList(list);
            case VALUE_STRING :
                return parser.getText();
            case VALUE_TRUE :
                return Boolean.TRUE;
            case VALUE_FALSE :
                return Boolean.FALSE;
            case VALUE_NUMBER_INT :
                // Long when it fits, else BigInteger: what a tree read with USE_BIG_INTEGER_FOR_INTS gave.
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue()
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT :
                return parser.getDoubleValue();
            case VALUE_NULL :
                return null;
            default :
                throw new IOException("unexpected JSON token " + token);
        }
    }
}
