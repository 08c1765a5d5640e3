package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnverifiedTokenTest {

    private static final int MAX = 16384;
    private static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}";
    private static final String PAYLOAD = "{\"iss\":\"https://issuer.example\",\"aud\":[\"sigstore\",\"x\"],"
            + "\"exp\":1700000000,\"big\":123456789012345678901234567890,\"email_verified\":true,\"n\":null}";

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String token(String header, String payload) {
        return b64(header) + "." + b64(payload) + ".c2ln";
    }

    private static void assertInvalid(String raw, int max) {
        SignetException e = assertThrows(SignetException.class, () -> UnverifiedToken.parse(raw, max));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
    }

    @Test
    void decodesHeaderAndClaimsToPlainJavaValues() {
        UnverifiedToken token = UnverifiedToken.parse(token(HEADER, PAYLOAD), MAX);
        assertEquals("https://issuer.example", token.issuer());
        assertEquals("RS256", token.header().get("alg"));
        assertEquals(List.of("sigstore", "x"), token.claims().get("aud"));
        assertEquals(1700000000L, token.claims().get("exp"));
        assertEquals(new java.math.BigInteger("123456789012345678901234567890"), token.claims().get("big"));
        assertEquals(Boolean.TRUE, token.claims().get("email_verified"));
        assertEquals(true, token.claims().containsKey("n"));
        assertEquals(false, token.toString().contains(token.raw()));
    }

    @Test
    void rejectsNullEmptyAndOverlong() {
        assertInvalid(null, MAX);
        assertInvalid("", MAX);
        String valid = token(HEADER, PAYLOAD);
        assertInvalid(valid, valid.length() - 1);
    }

    @Test
    void rejectsTwoMillionDotsQuicklyWithoutSplitting() {
        String dots = ".".repeat(2_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertInvalid(dots, 4 * 1024 * 1024));
        String manyParts = "a.".repeat(2_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertInvalid(manyParts, 4 * 1024 * 1024));
        // and with the normal cap the length check alone rejects it
        assertInvalid(dots, MAX);
    }

    @Test
    void rejectsJweShapedAndWrongPartCounts() {
        assertInvalid(b64("{\"alg\":\"PBES2-HS256+A128KW\",\"enc\":\"A128GCM\",\"p2c\":2147483647}")
                + ".YQ.YQ.YQ.YQ", MAX);
        assertInvalid(b64(HEADER) + "." + b64(PAYLOAD), MAX);
        assertInvalid(b64(HEADER), MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "HS256", "HS384", "HS512", "rs256", "RSA-OAEP", ""})
    void rejectsAlgorithmsOutsideThePinnedList(String alg) {
        assertInvalid(token("{\"alg\":\"" + alg + "\"}", PAYLOAD), MAX);
    }

    @Test
    void rejectsMissingOrNonStringAlg() {
        assertInvalid(token("{\"kid\":\"x\"}", PAYLOAD), MAX);
        assertInvalid(token("{\"alg\":[\"RS256\"]}", PAYLOAD), MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"})
    void acceptsEveryPinnedAlgorithm(String alg) {
        assertEquals(alg, UnverifiedToken.parse(token("{\"alg\":\"" + alg + "\"}", PAYLOAD), MAX).header().get("alg"));
    }

    @Test
    void rejectsCritHeader() {
        assertInvalid(token("{\"alg\":\"RS256\",\"crit\":[\"exp\"],\"exp\":1}", PAYLOAD), MAX);
    }

    @Test
    void rejectsNonStringKid() {
        assertInvalid(token("{\"alg\":\"RS256\",\"kid\":5}", PAYLOAD), MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"iss\"]", "\"https://issuer.example\"", "null", "42", "{}", "{\"iss\":\"\"}",
            "{\"iss\":7}", "{\"iss\":\"a\"} trailing", "{\"iss\":\"a\",}"})
    void rejectsPayloadsThatAreNotObjectsWithAnIssuer(String payload) {
        assertInvalid(token(HEADER, payload), MAX);
    }

    @Test
    void rejectsHeaderThatIsNotAnObject() {
        assertInvalid(token("[\"RS256\"]", PAYLOAD), MAX);
    }

    @Test
    void rejectsDuplicateKeys() {
        assertInvalid(token(HEADER, "{\"iss\":\"https://a.example\",\"iss\":\"https://b.example\"}"), MAX);
        assertInvalid(token("{\"alg\":\"RS256\",\"alg\":\"none\"}", PAYLOAD), MAX);
    }

    @Test
    void rejectsDeepNestingWithoutStackOverflow() {
        String deep = "{\"iss\":\"https://a.example\",\"x\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
        assertInvalid(token(HEADER, deep), 1024 * 1024);
        String seventeen = "{\"iss\":\"https://a.example\",\"x\":" + "[".repeat(17) + "]".repeat(17) + "}";
        assertInvalid(token(HEADER, seventeen), MAX);
    }

    @Test
    void rejectsOverlongStringClaim() {
        String payload = "{\"iss\":\"https://a.example\",\"x\":\"" + "a".repeat(9000) + "\"}";
        assertInvalid(token(HEADER, payload), 1024 * 1024);
    }

    @Test
    void rejectsTooManyClaims() {
        StringBuilder payload = new StringBuilder("{\"iss\":\"https://a.example\"");
        for (int i = 0; i < 300; i++) {
            payload.append(",\"c").append(i).append("\":1");
        }
        assertInvalid(token(HEADER, payload.append('}').toString()), 1024 * 1024);
    }

    @Test
    void rejectsPaddingAndForeignCharacters() {
        assertInvalid(b64(HEADER) + "=." + b64(PAYLOAD) + ".c2ln", MAX);
        assertInvalid(b64(HEADER) + "." + b64(PAYLOAD) + ".c2ln=", MAX);
        assertInvalid(b64(HEADER) + "." + b64(PAYLOAD) + ".c2+l", MAX);
        assertInvalid(b64(HEADER) + "." + b64(PAYLOAD) + ".", MAX);
        assertInvalid(b64(HEADER) + " ." + b64(PAYLOAD) + ".c2ln", MAX);
    }
}
