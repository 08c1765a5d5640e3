package dev.signet.ctlog.embedded.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestParsingTest {

    @Test
    void numbersAreDecimalAndNonNegative() {
        assertEquals(0, QueryParameters.number("0", "n"));
        assertEquals(Long.MAX_VALUE, QueryParameters.number("9223372036854775807", "n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+1", "1.0", "1e3", " 1", "0x10", "abc", "9223372036854775808",
            "99999999999999999999"})
    void badNumbersAreInvalidRequests(String value) {
        assertInvalid(() -> QueryParameters.number(value, "n"));
    }

    @Test
    void missingNumberIsAnInvalidRequest() {
        assertInvalid(() -> QueryParameters.number(null, "n"));
    }

    @Test
    void hashesAreThirtyTwoBytesOfBase64AndSurviveAnUnescapedPlus() {
        byte[] hash = new byte[32];
        hash[0] = (byte) 0xfb;
        hash[1] = (byte) 0xef;
        String text = Base64.getEncoder().encodeToString(hash);
        assertEquals('+', text.charAt(1));
        assertArrayEquals(hash, QueryParameters.hash(text, "hash"));
        assertArrayEquals(hash, QueryParameters.hash(text.replace('+', ' '), "hash"));
        assertInvalid(() -> QueryParameters.hash(Base64.getEncoder().encodeToString(new byte[31]), "hash"));
        assertInvalid(() -> QueryParameters.hash("not base64!", "hash"));
        assertInvalid(() -> QueryParameters.hash(null, "hash"));
        assertInvalid(() -> QueryParameters.hash("A".repeat(100), "hash"));
    }

    @Test
    void chainBodyGivesTheDerCertificatesInOrder() {
        byte[] body = "{\"chain\":[\"AQI=\",\"AwQF\"],\"other\":1}".getBytes(StandardCharsets.UTF_8);
        List<byte[]> chain = SubmittedChain.read(body);
        assertEquals(2, chain.size());
        assertArrayEquals(new byte[] {1, 2}, chain.get(0));
        assertArrayEquals(new byte[] {3, 4, 5}, chain.get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "{}", "{\"chain\":null}", "{\"chain\":\"AQI=\"}", "{\"chain\":[]}",
            "{\"chain\":[1]}", "{\"chain\":[null]}", "{\"chain\":[\"\"]}", "{\"chain\":[\"%%%\"]}",
            "{\"chain\":[\"AQI=\"],\"chain\":[\"AQI=\"]}", "{\"chain\":[\"AQI=\"]", "not json",
            "{\"chain\":[\"AQ\",\"AQ\",\"AQ\",\"AQ\",\"AQ\",\"AQ\",\"AQ\",\"AQ\",\"AQ\",\"AQ\",\"AQ\"]}"})
    void badChainBodiesAreInvalidRequests(String body) {
        assertInvalid(() -> SubmittedChain.read(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oversizedChainBodyIsAnInvalidRequest() {
        byte[] body = ("{\"chain\":[\"" + "A".repeat(SubmittedChain.MAX_BODY_BYTES) + "\"]}")
                .getBytes(StandardCharsets.US_ASCII);
        assertInvalid(() -> SubmittedChain.read(body));
        assertInvalid(() -> SubmittedChain.read(null));
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable call) {
        SignetException e = assertThrows(SignetException.class, call);
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
    }
}
