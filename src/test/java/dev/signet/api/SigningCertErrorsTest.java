package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.RawHttp;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Every failure answers with Fulcio's status, gRPC code and fixed message, and issues nothing. */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
class SigningCertErrorsTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;
    @Fixture(OidcIssuersTestResource.REDIRECTING)
    TestOidcIssuer redirecting;
    @Fixture(OidcIssuersTestResource.ELSEWHERE)
    TestOidcIssuer elsewhere;

    static final String TOKEN_ERROR = "There was an error processing the identity token";
    static final String SIGNATURE_ERROR = "The signature supplied in the request could not be verified";
    static final String KEY_PARSE_ERROR = "The public key supplied in the request could not be parsed";
    static final String INSECURE_KEY = "The public key supplied in the request is insecure";
    static final String CSR_ERROR = "The certificate signing request could not be parsed";
    static final String EMAIL = SigningCertResourceTest.EMAIL;
    static final ClientKey KEY = ClientKey.ec("secp256r1");

    TestOidcIssuer issuer() {
        return issuer;
    }

    TestOidcIssuer.TokenBuilder good() {
        return good(issuer);
    }

    /** A valid token builder for {@link #EMAIL} from this issuer, for tests sharing these helpers. */
    static TestOidcIssuer.TokenBuilder good(TestOidcIssuer issuer) {
        return issuer.token().email(EMAIL).emailVerified(true);
    }

    static ValidatableResponse v2(String token, ClientKey key, String signedMessage) {
        return post("{\"credentials\":{\"oidcIdentityToken\":\"" + token + "\"},\"publicKeyRequest\":{\"publicKey\":"
                + "{\"content\":" + SigningCertResourceTest.json(key.publicKeyPem()) + "},\"proofOfPossession\":\""
                + key.proof(signedMessage) + "\"}}");
    }

    static ValidatableResponse post(String body) {
        return given().contentType("application/json").body(body).post("/api/v2/signingCert").then();
    }

    static void assertError(ValidatableResponse response, int status, int code, String message) {
        response.statusCode(status).contentType("application/json")
                .body("code", equalTo(code)).body("message", equalTo(message)).body("details", empty());
    }

    static void assertTokenError(String token) {
        assertError(v2(token, KEY, EMAIL), 400, 3, TOKEN_ERROR);
    }

    @Test
    void noTokenAnywhere() {
        assertError(post("{\"publicKeyRequest\":{\"publicKey\":{\"content\":"
                + SigningCertResourceTest.json(KEY.publicKeyPem()) + "},\"proofOfPossession\":\"" + KEY.proof(EMAIL)
                + "\"}}"), 400, 3, TOKEN_ERROR);
    }

    @Test
    void malformedToken() {
        assertTokenError("not-a-jwt");
        assertTokenError("a.b.c");
    }

    @Test
    void tokenOfTwoMillionDotsIsRefusedCheaply() {
        assertTokenError(".".repeat(2_000_000));
    }

    @Test
    void unknownIssuerCausesNoOutboundRequest() {
        try (TestOidcIssuer stranger = new TestOidcIssuer().start()) {
            int before = issuer().requestCount();
            assertTokenError(stranger.token().email(EMAIL).emailVerified(true).sign());
            assertTokenError(good().issuer("http://169.254.169.254/latest").sign());
            assertEquals(0, stranger.requestCount(), "the unknown issuer was never asked");
            assertEquals(before, issuer().requestCount(), "the configured issuer was not asked either");
        }
    }

    @Test
    void badSignature() {
        String token = good().sign();
        int dot = token.lastIndexOf('.');
        // Flip a character inside the signature: the last one may only carry unused padding bits.
        int middle = dot + (token.length() - dot) / 2;
        String tampered = token.substring(0, middle) + (token.charAt(middle) == 'A' ? 'B' : 'A')
                + token.substring(middle + 1);
        assertTokenError(tampered);
        String otherPayload = good().email("mallory@example.com").sign();
        assertTokenError(otherPayload.substring(0, otherPayload.lastIndexOf('.')) + token.substring(dot));
    }

    @Test
    void expiredAndNotYetValid() {
        assertTokenError(good().expiresAt(Instant.now().minusSeconds(120)).sign());
        assertTokenError(good().notBefore(Instant.now().plusSeconds(120)).sign());
    }

    @Test
    void wrongAudience() {
        assertTokenError(good().audience("not-sigstore").sign());
    }

    @Test
    void algNone() {
        String header = b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = b64url(good().claimsJson());
        assertTokenError(header + "." + claims + ".");
    }

    @Test
    void hs256KeyedWithTheIssuersPublicKey() {
        assertTokenError(good().algorithm("HS256").signWithSecret(issuer().publicRsaKey().getEncoded()).sign());
    }

    @Test
    void emailNotVerified() {
        assertTokenError(good().emailVerified(false).sign());
        assertTokenError(issuer().token().email(EMAIL).sign());
        assertTokenError(good().emailVerified(1).sign());
    }

    @Test
    void nonAsciiEmailIsRefusedNotTruncated() {
        String spoof = "\u0161lice@example.com";
        assertError(v2(good().email(spoof).sign(), KEY, spoof), 400, 3, TOKEN_ERROR);
        String homoglyph = "alice@exam\u0440le.com";
        assertError(v2(good().email(homoglyph).sign(), KEY, homoglyph), 400, 3, TOKEN_ERROR);
    }

    @Test
    void proofOverAnotherString() {
        assertError(v2(good().sign(), KEY, "bob@example.com"), 400, 3, SIGNATURE_ERROR);
        assertError(v2(good().sign(), KEY, "Alice@example.com"), 400, 3, SIGNATURE_ERROR);
    }

    @Test
    void rsa1024KeyIsInsecure() {
        assertError(v2(good().sign(), ClientKey.rsa(1024), EMAIL), 400, 3, INSECURE_KEY);
    }

    @Test
    void offCurvePointIsRefused() {
        byte[] spki = KEY.keyPair().getPublic().getEncoded();
        spki[spki.length - 1] ^= 0x01;
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
        ValidatableResponse response = post("{\"credentials\":{\"oidcIdentityToken\":\"" + good().sign()
                + "\"},\"publicKeyRequest\":{\"publicKey\":{\"content\":" + SigningCertResourceTest.json(pem)
                + "},\"proofOfPossession\":\"" + KEY.proof(EMAIL) + "\"}}");
        assertError(response, 400, 3, INSECURE_KEY);
    }

    @Test
    void garbageKey() {
        assertError(post("{\"credentials\":{\"oidcIdentityToken\":\"" + good().sign()
                + "\"},\"publicKeyRequest\":{\"publicKey\":{\"content\":\"hello\"},\"proofOfPossession\":\""
                + KEY.proof(EMAIL) + "\"}}"), 400, 3, KEY_PARSE_ERROR);
        assertError(post("{\"credentials\":{\"oidcIdentityToken\":\"" + good().sign() + "\"}}"), 400, 3,
                KEY_PARSE_ERROR);
    }

    @Test
    void csrOfTwoBytes() {
        String twoBytes = Base64.getEncoder().encodeToString(new byte[] {0x30, 0x00});
        assertError(post("{\"credentials\":{\"oidcIdentityToken\":\"" + good().sign()
                + "\"},\"certificateSigningRequest\":\"" + twoBytes + "\"}"), 400, 3, CSR_ERROR);
        String pemTwoBytes = "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n";
        assertError(post("{\"credentials\":{\"oidcIdentityToken\":\"" + good().sign()
                + "\"},\"certificateSigningRequest\":\"" + SigningCertResourceTest.base64(pemTwoBytes) + "\"}"),
                400, 3, CSR_ERROR);
    }

    @Test
    void discoveryRedirectToAnotherHostIsNotFollowed() {
        int before = elsewhere.requestCount();
        assertTokenError(redirecting.token().email(EMAIL).emailVerified(true).sign());
        assertEquals(before, elsewhere.requestCount(), "the other host was never asked");
    }

    @Test
    void bodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        // Announce 5 MiB and send none of it: the answer must come from the announced length alone.
        RawHttp.Exchange exchange = RawHttp.post(io.restassured.RestAssured.port, head(5 * 1024 * 1024), 0,
                Duration.ofSeconds(20));
        assertEquals("HTTP/1.1 413 Request Entity Too Large", exchange.statusLine());
        assertTrue(exchange.body().contains("\"code\":8"), exchange.response());
        assertTrue(exchange.response().contains("\r\nconnection: close\r\n"), exchange.response());
        assertTrue(exchange.closedByServer(), "a client that never sends its body is cut off after the linger time");
    }

    @Test
    void aClientThatNeverStopsSendingIsCutOff() throws Exception {
        long announced = 1L << 40;
        RawHttp.Exchange exchange = RawHttp.post(io.restassured.RestAssured.port, head(announced), announced,
                Duration.ofSeconds(30));
        assertTrue(exchange.closedByServer(), "the server closed the connection");
        assertTrue(exchange.bodyBytesSent() < 256L * 1024 * 1024, "dropped bytes are bounded: "
                + exchange.bodyBytesSent());
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndTheConnectionCloses() throws Exception {
        // No length to judge up front: Quarkus' reader counts the chunks after the rate limit, answers 413 itself
        // without a body and closes at once, so the client may see a reset before the answer; what it must never
        // see is another status.
        long length = 4 * 1024 * 1024 + 1;
        RawHttp.Exchange exchange = RawHttp.post(io.restassured.RestAssured.port,
                "POST /api/v2/signingCert HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n",
                length, true, Duration.ofSeconds(30));
        if (!exchange.response().isEmpty()) {
            assertEquals("HTTP/1.1 413 Request Entity Too Large", exchange.statusLine());
        }
        assertTrue(exchange.closedByServer());
    }

    private static String head(long contentLength) {
        return "POST /api/v2/signingCert HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    @Test
    void bodyNotJson() {
        assertError(post("{not json"), 400, 3, "The request could not be parsed");
        assertError(post("[]"), 400, 3, "The request could not be parsed");
    }

    @Test
    void proofNotBase64() {
        assertError(post("{\"credentials\":{\"oidcIdentityToken\":\"" + good().sign()
                + "\"},\"publicKeyRequest\":{\"publicKey\":{\"content\":" + SigningCertResourceTest.json(
                        KEY.publicKeyPem())
                + "},\"proofOfPossession\":\"***\"}}"), 400, 3, SIGNATURE_ERROR);
    }

    @Test
    void legacyApiNeedsTheAuthorizationHeader() {
        ValidatableResponse response = given().contentType("application/json")
                .body("{\"publicKey\":{\"content\":\"" + SigningCertResourceTest.base64(KEY.publicKeyPem())
                        + "\"},\"signedEmailAddress\":\"" + KEY.proof(EMAIL) + "\"}")
                .post("/api/v1/signingCert").then();
        assertError(response, 400, 3, TOKEN_ERROR);
    }

    @Test
    void unknownPathAndWrongMethod() {
        assertError(given().get("/api/v2/nothing-here").then(), 404, 5, "Not Found");
        assertError(given().get("/api/v2/signingCert").then(), 501, 12, "Method Not Allowed");
    }

    private static String b64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
