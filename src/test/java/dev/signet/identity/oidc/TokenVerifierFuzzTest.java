package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.TestOidcIssuer;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes token verification past the signature: the fuzzed bytes are the claims JSON, signed with
 * the test issuer's real RSA key, so every claim reaches the checks behind the signature. Seeds
 * write {@code $ISS}, {@code $NOW} and {@code $EXP} for the issuer URL (its port changes per run),
 * now and five minutes ahead. Property: a VerifiedToken or INVALID_IDENTITY_TOKEN, never another
 * exception or Error; and the claims that verify are exactly what jose4j read from the same bytes.
 */
class TokenVerifierFuzzTest {

    private static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}";

    private static Vertx vertx;
    private static TestOidcIssuer issuer;
    private static TokenVerifier verifier;
    private static OidcIssuerSettings settings;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        issuer = new TestOidcIssuer().start();
        settings = new OidcIssuerSettings(issuer.url(), TestOidcIssuer.DEFAULT_AUDIENCE);
        verifier = new TokenVerifier(TestOidcConfig.defaults(), vertx);
    }

    @AfterAll
    static void stop() {
        verifier.close();
        issuer.close();
        vertx.close();
    }

    @FuzzTest(maxDuration = "2m")
    void verifyFuzzedClaims(byte[] input) throws JoseException {
        long now = Instant.now().getEpochSecond();
        String payload = new String(input, StandardCharsets.UTF_8)
                .replace("$ISS", issuer.url())
                .replace("$NOW", Long.toString(now))
                .replace("$EXP", Long.toString(now + 300));
        String raw = issuer.signRawRs256(HEADER, payload);
        VerifiedToken verified;
        try {
            verified =
                    verifier.verify(UnverifiedToken.parse(raw, TestOidcConfig.defaults().maxTokenLength()), settings);
        } catch (SignetException e) {
            assertSame(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
            return;
        }
        Map<String, Object> joseClaims = JsonUtil.parseJson(payload);
        assertEquals(JsonValues.normalize(joseClaims), JsonValues.normalize(verified.claims()));
        assertEquals(issuer.url(), verified.issuer());
        assertEquals(joseClaims.get("sub"), verified.subject());
    }
}
