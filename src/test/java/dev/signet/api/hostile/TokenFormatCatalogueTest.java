package dev.signet.api.hostile;

import static dev.signet.api.hostile.Catalogue.b64url;
import static dev.signet.api.hostile.Catalogue.tokenRefused;
import static dev.signet.api.hostile.Catalogue.treeSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.RawHttp;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jose4j.jwk.JsonWebKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Catalogue §2 A (token format, before verification), over the v2 REST API: each row's inputs get
 * 400 with Fulcio's token message, no certificate, no log entry and, where the row says so, no
 * request to any issuer.
 */
@QuarkusTest
@WithTestResource(HostileIssuersTestResource.class)
class TokenFormatCatalogueTest extends AgainstHostileIssuers {
    private static volatile boolean warm;

    TestOidcIssuer issuer() {
        return email;
    }

    /** Issues one certificate first: the issuer's keys are then cached, and the log probe is proven to see growth. */
    @BeforeEach
    void warmUp() {
        if (!warm) {
            long before = treeSize();
            Catalogue.v2(good().sign()).get().statusCode(200);
            assertEquals(before + 1, treeSize(), "an issued certificate is one log entry");
            warm = true;
        }
    }

    @Test
    void a1_manyDotsAreRefusedWithoutSplittingEvenFiftyAtOnce() throws Exception {
        tokenRefusedWithoutOutbound("a.b.c.d");
        tokenRefusedWithoutOutbound(".".repeat(2_000_000));
        long before = treeSize();
        String body = "{\"credentials\":{\"oidcIdentityToken\":\"" + ".".repeat(2_000_000) + "\"},"
                + "\"publicKeyRequest\":{\"publicKey\":{\"content\":\"x\"},\"proofOfPossession\":\"AA==\"}}";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v2/signingCert"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertEquals(400, response.statusCode());
            assertTrue(response.body().contains(Catalogue.TOKEN_ERROR), response.body());
        }
        assertEquals(before, treeSize());
    }

    @Test
    void a2_tokenOverTheCapIsRefusedBeforeDecoding() {
        // 16 KiB is the token cap; this one is otherwise perfect.
        tokenRefusedWithoutOutbound(good().claim("padding", "p".repeat(17 * 1024)).sign());
    }

    @Test
    void a2_bodyOverFourMebibytesIs413WithTheErrorBodyEvenWhileTheClientIsStillSending() throws Exception {
        long before = treeSize();
        long length = 4 * 1024 * 1024 + 1;
        RawHttp.Exchange exchange = RawHttp.post(RestAssured.port, "POST /api/v2/signingCert HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n",
                length, Duration.ofSeconds(30));
        assertEquals("HTTP/1.1 413 Request Entity Too Large", exchange.statusLine());
        assertEquals("{\"code\":8,\"message\":\"The request is larger than this CA accepts\",\"details\":[]}",
                exchange.body());
        assertTrue(exchange.closedByServer(), "the connection is closed once the refused body has been dropped");
        assertEquals(length, exchange.bodyBytesSent(), "the server went on reading, so the client could finish");
        assertEquals(before, treeSize());
    }

    @Test
    void a3_deepNestingWithAValidSignatureIsRefused() {
        for (int depth : new int[] {5_000, 20_000}) {
            String payload = good().claimsJson();
            payload = payload.substring(0, payload.length() - 1) + ",\"x\":" + "[".repeat(depth) + "]".repeat(depth)
                    + "}";
            tokenRefusedWithoutOutbound(issuer().signRawRs256(rs256Header(), payload));
        }
        // The event loop was not blocked and nothing broke: the next good request is served.
        Catalogue.v2(good().sign()).get().statusCode(200);
    }

    @Test
    void a4_duplicateClaimKeysAreRefusedEvenWhenSigned() {
        String iss = issuer().url();
        String base = "\"aud\":\"sigstore\",\"exp\":" + (Instant.now().getEpochSecond() + 300);
        String[] payloads = {
                "{\"iss\":\"" + iss + "\",\"iss\":\"" + iss + "\"," + base
                        + ",\"sub\":\"s\",\"email\":\"alice@example.com\",\"email_verified\":true}",
                "{\"iss\":\"" + iss + "\"," + base
                        + ",\"sub\":\"s\",\"sub\":\"t\",\"email\":\"alice@example.com\",\"email_verified\":true}",
                "{\"iss\":\"" + iss + "\"," + base
                        + ",\"sub\":\"s\",\"email\":\"mallory@example.com\",\"email\":\"alice@example.com\",\"email_verified\":true}",
                "{\"iss\":\"" + iss + "\"," + base
                        + ",\"sub\":\"s\",\"email\":\"alice@example.com\",\"email_verified\":false,\"email_verified\":true}",
        };
        for (String payload : payloads) {
            tokenRefusedWithoutOutbound(issuer().signRawRs256(rs256Header(), payload));
        }
    }

    @Test
    void a5_algNoneInAnySpellingIsRefusedWithoutFetchingKeys() {
        for (String alg : List.of("none", "None", "NONE")) {
            tokenRefusedWithoutOutbound(b64url("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "."
                    + b64url(good().claimsJson()) + ".");
        }
    }

    @Test
    void a6_hmacKeyedWithTheIssuersPublicKeyIsRefused() {
        byte[] der = issuer().publicRsaKey().getEncoded();
        byte[] pem = ("-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
        byte[] jwk = issuer().rsaKey().toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                .getBytes(StandardCharsets.UTF_8);
        for (String alg : List.of("HS256", "HS384", "HS512")) {
            for (byte[] secret : List.of(der, pem, jwk)) {
                tokenRefusedWithoutOutbound(good().algorithm(alg).kid(issuer().rsaKid()).signWithSecret(secret).sign());
            }
        }
    }

    @Test
    void a7_jweIsRefusedBeforeAnyKeyWork() {
        String claims = b64url("x".repeat(64));
        long start = System.nanoTime();
        tokenRefusedWithoutOutbound(b64url("{\"alg\":\"PBES2-HS256+A128KW\",\"enc\":\"A128GCM\",\"p2c\":2147483647,"
                + "\"p2s\":\"AAAAAAAAAAAAAAAAAAAAAA\"}") + "." + claims + "." + claims + "." + claims + "." + claims);
        tokenRefusedWithoutOutbound(b64url("{\"alg\":\"dir\",\"enc\":\"A128GCM\",\"zip\":\"DEF\"}") + ".." + claims
                + "." + claims + "." + claims);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "no key derivation was attempted");
    }

    @Test
    void a8_zeroAndMalformedSignaturesAreRefused() throws Exception {
        String es256Input = b64url("{\"alg\":\"ES256\",\"kid\":\"" + issuer().ecKid() + "\"}") + "."
                + b64url(good().claimsJson());
        tokenRefusedWithoutOutbound(es256Input + "." + b64url(new byte[64]));
        String rs256Input = b64url(rs256Header()) + "." + b64url(good().claimsJson());
        tokenRefusedWithoutOutbound(rs256Input + "." + b64url(new byte[256]));
        // A real ECDSA signature by the issuer's key, but DER-encoded (JOSE wants R||S), with trailing bytes.
        Signature der = Signature.getInstance("SHA256withECDSA");
        der.initSign(issuer().ecKey().getPrivateKey());
        der.update(es256Input.getBytes(StandardCharsets.US_ASCII));
        byte[] signature = der.sign();
        byte[] trailing = java.util.Arrays.copyOf(signature, signature.length + 2);
        tokenRefusedWithoutOutbound(es256Input + "." + b64url(signature));
        tokenRefusedWithoutOutbound(es256Input + "." + b64url(trailing));
        // The correct R||S form with one trailing byte.
        String rs = good().algorithm("ES256").sign();
        byte[] raw = java.util.Base64.getUrlDecoder().decode(rs.substring(rs.lastIndexOf('.') + 1));
        tokenRefusedWithoutOutbound(rs.substring(0, rs.lastIndexOf('.') + 1)
                + b64url(java.util.Arrays.copyOf(raw, raw.length + 1)));
    }

    @Test
    void a9_critAndHeaderKeysAreNeverUsed() throws Exception {
        tokenRefusedWithoutOutbound(good().header("crit", List.of("exp")).header("exp", 1).sign());
        try (TestOidcIssuer attacker = new TestOidcIssuer().start()) {
            // Signed by the attacker's key under the real key's kid, pointing at the attacker's keys.
            TestOidcIssuer.TokenBuilder forged = good().signWith(attacker.rsaKey().getPrivateKey())
                    .kid(issuer().rsaKid());
            tokenRefusedWithoutOutbound(forged.header("jku", attacker.url() + TestOidcIssuer.JWKS_PATH).sign());
            tokenRefusedWithoutOutbound(good().signWith(attacker.rsaKey().getPrivateKey()).kid(issuer().rsaKid())
                    .header("x5u", attacker.url() + "/cert.pem").sign());
            tokenRefusedWithoutOutbound(good().signWith(attacker.rsaKey().getPrivateKey()).kid(issuer().rsaKid())
                    .header("jwk", attacker.rsaKey().toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)).sign());
            assertEquals(0, attacker.requestCount(), "the attacker's URLs were never fetched");
        }
    }

    @Test
    void a10_hostileKidsAreOnlyMapKeys() {
        TestOidcIssuer issuer = issuer();
        for (String kid : List.of("../../x?y=", "a\u0000b", "%2e%2e/jwks#")) {
            int jwksBefore = issuer.jwksRequests();
            int discoveryBefore = issuer.discoveryRequests();
            int totalBefore = issuer.requestCount();
            tokenRefused(good().kid(kid).sign());
            int configured = issuer.jwksRequests() - jwksBefore + issuer.discoveryRequests() - discoveryBefore;
            assertEquals(configured, issuer.requestCount() - totalBefore,
                    "a kid never becomes part of a URL: only the configured documents were fetched");
        }
        tokenRefusedWithoutOutbound(good().kid("k".repeat(100 * 1024)).sign());
    }

    @Test
    void a11_payloadThatIsNotAnObjectIsRefused() {
        for (String payload : List.of("[\"" + issuer().url() + "\"]", "\"" + issuer().url() + "\"", "null")) {
            tokenRefusedWithoutOutbound(issuer().signRawRs256(rs256Header(), payload));
        }
    }

    private String rs256Header() {
        return "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + issuer().rsaKid() + "\"}";
    }

}
