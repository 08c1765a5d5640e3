package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token reader that builds plain Java values without a JSON tree, and keeps the tree reader's limits. */
class BoundedJsonTest {

    private static Map<String, Object> read(String json) throws IOException {
        return BoundedJson.TOKEN.readJavaObject(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryJsonTypeAsThePlainJavaValueTheClaimChecksExpect() throws IOException {
        Map<String, Object> claims = read("{\"s\":\"a\\n\\u00e9\",\"t\":true,\"f\":false,\"n\":null,\"i\":1700000000,"
                + "\"neg\":-5,\"big\":123456789012345678901234567890,\"d\":1.5,\"e\":1e3,"
                + "\"a\":[\"x\",1,[2],{\"k\":\"v\"}],\"o\":{\"p\":{\"q\":[]}}}");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a\né");
        expected.put("t", true);
        expected.put("f", false);
        expected.put("n", null);
        expected.put("i", 1700000000L);
        expected.put("neg", -5L);
        expected.put("big", new BigInteger("123456789012345678901234567890"));
        expected.put("d", 1.5);
        expected.put("e", 1000.0);
        expected.put("a", Arrays.asList("x", 1L, List.of(2L), Map.of("k", "v")));
        expected.put("o", Map.of("p", Map.of("q", List.of())));
        assertEquals(expected, claims);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(claims.keySet()), "members keep their order");
        assertThrows(UnsupportedOperationException.class, () -> claims.put("x", 1));
    }

    @Test
    void longAtItsLimitsStaysLongAndOneBeyondIsBigInteger() throws IOException {
        assertEquals(Long.MAX_VALUE, read("{\"x\":9223372036854775807}").get("x"));
        assertEquals(Long.MIN_VALUE, read("{\"x\":-9223372036854775808}").get("x"));
        assertEquals(new BigInteger("9223372036854775808"), read("{\"x\":9223372036854775808}").get("x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "[]", "\"s\"", "1", "null", "{} {}", "{}x", "{\"a\":1,\"a\":2}", "{\"a\":1",
            "{\"a\":[1,2}", "{'a':1}", "{\"a\":01}", "{\"a\":NaN}"})
    void refusesWhatTheTreeReaderRefuses(String json) {
        assertThrows(IOException.class, () -> read(json));
        assertThrows(IOException.class, () -> BoundedJson.TOKEN.readObject(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keepsTheLimits() {
        assertThrows(IOException.class, () -> read("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}"), "depth");
        assertThrows(IOException.class, () -> read("{\"a\":\"" + "x".repeat(9000) + "\"}"), "string length");
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 257; i++) {
            many.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":0");
        }
        assertThrows(IOException.class, () -> read(many.append('}').toString()), "members");
        assertThrows(IOException.class, () -> BoundedJson.TOKEN.readJavaObject(new byte[] {'{', '"', (byte) 0xC1,
                (byte) 0x98, '"', ':', '1', '}'}), "overlong UTF-8");
    }
}
