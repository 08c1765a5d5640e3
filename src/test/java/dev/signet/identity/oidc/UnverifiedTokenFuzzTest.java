package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * Fuzzes the unverified token pre-parser. Property: it returns a token or throws
 * INVALID_IDENTITY_TOKEN, nothing else; and whatever it accepts, a second, independent JSON
 * parser (jose4j's) reads as the same claims, so no claim means one thing to Signet and another to
 * a verifier elsewhere in the Sigstore ecosystem.
 */
class UnverifiedTokenFuzzTest {

    private static final int MAX_LENGTH = 16384;

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] input) throws JoseException {
        // One byte per char: every token character is ASCII, and stray high bytes stay visible.
        String raw = new String(input, StandardCharsets.ISO_8859_1);
        UnverifiedToken token;
        try {
            token = UnverifiedToken.parse(raw, MAX_LENGTH);
        } catch (SignetException e) {
            assertSame(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
            return;
        }
        assertSame(raw, token.raw());
        assertTrue(raw.length() <= MAX_LENGTH);
        assertEquals(2, raw.chars().filter(c -> c == '.').count());
        assertEquals(token.claims().get("iss"), token.issuer());
        assertTrue(TokenAlgorithm.fromJoseName(token.headerString("alg")).isPresent());

        String[] parts = raw.split("\\.");
        Map<String, Object> joseClaims = JsonUtil.parseJson(utf8(parts[1]));
        Map<String, Object> joseHeader = JsonUtil.parseJson(utf8(parts[0]));
        assertEquals(JsonValues.normalize(joseClaims), JsonValues.normalize(token.claims()));
        assertEquals(JsonValues.normalize(joseHeader), JsonValues.normalize(token.header()));
    }

    private static String utf8(String base64url) {
        return new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8);
    }
}
