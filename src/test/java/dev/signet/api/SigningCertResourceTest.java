package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.testing.ClientKey;
import dev.signet.testing.EmbeddedSctAssertions;
import dev.signet.testing.Fixture;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issuance over v2 and v1, for every supported key type, by signed challenge and by CSR: every
 * certificate has Fulcio's profile, an embedded SCT that verifies, and an entry proven in the log.
 */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
class SigningCertResourceTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    static final String EMAIL = "alice@example.com";

    @Inject
    ConfiguredLog logs;

    private static final List<ClientKey> KEYS = List.of(
            ClientKey.ec("secp256r1"), ClientKey.ec("secp384r1"), ClientKey.ec("secp521r1"),
            ClientKey.rsa(2048), ClientKey.rsa(3072), ClientKey.rsa(4096), ClientKey.ed25519());

    static Stream<Arguments> keysAndProofs() {
        List<Arguments> cases = new ArrayList<>();
        for (ClientKey key : KEYS) {
            for (String api : List.of("v2", "v1")) {
                for (String proof : List.of("signed-challenge", "csr")) {
                    cases.add(Arguments.of(key, api, proof));
                }
            }
        }
        return cases.stream();
    }

    TestOidcIssuer issuer() {
        return issuer;
    }

    String token() {
        return token(issuer);
    }

    /** A valid token for {@link #EMAIL} from this issuer, for tests sharing these helpers. */
    static String token(TestOidcIssuer issuer) {
        return issuer.token().email(EMAIL).emailVerified(true).subject("alice-sub").sign();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("keysAndProofs")
    void issuesFulcioProfileCertificate(ClientKey key, String api, String proof) throws Exception {
        String token = token();
        List<String> pems = api.equals("v2") ? issueV2(key, proof, token) : issueV1(key, proof, token);

        List<X509Certificate> chain = new ArrayList<>();
        for (String pem : pems) {
            chain.addAll(LeafAssertions.parsePem(pem));
        }
        List<X509Certificate> bundle = trustBundle();
        assertEquals(bundle, chain.subList(1, chain.size()), "chain ends with exactly the trust bundle");
        LeafAssertions.assertEmailLeaf(chain.get(0), chain.get(1), key.keyPair().getPublic(), EMAIL,
                Map.of(LeafAssertions.ISSUER_V1, issuer().url(), LeafAssertions.ISSUER_V2, issuer().url(),
                        LeafAssertions.TOKEN_SUBJECT, "alice-sub"),
                Duration.ofMinutes(10));
        EmbeddedSctAssertions.assertEmbeddedSct(chain.get(0), chain.get(1), logs.log(EmbeddedLog.class).orElseThrow());
    }

    @Test
    void aChunkedRequestIsIssuedLikeAnyOther() throws Exception {
        ClientKey key = KEYS.get(0);
        byte[] body = ("{\"credentials\":{\"oidcIdentityToken\":\"" + token() + "\"},\"publicKeyRequest\":"
                + "{\"publicKey\":{\"content\":" + json(key.publicKeyPem()) + "},\"proofOfPossession\":\""
                + key.proof(EMAIL) + "\"}}").getBytes(StandardCharsets.UTF_8);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build();
        // A body publisher of unknown length is sent chunked.
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v2/signingCert"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("signedCertificateEmbeddedSct"), response.body());
    }

    private static List<String> issueV2(ClientKey key, String proof, String token) {
        String body = proof.equals("csr")
                ? "{\"credentials\":{\"oidcIdentityToken\":\"" + token + "\"},\"certificateSigningRequest\":\""
                        + key.csr() + "\"}"
                : "{\"credentials\":{\"oidcIdentityToken\":\"" + token + "\"},\"publicKeyRequest\":{\"publicKey\":"
                        + "{\"algorithm\":\"ECDSA\",\"content\":" + json(key.publicKeyPem())
                        + "},\"proofOfPossession\":\""
                        + key.proof(EMAIL) + "\"}}";
        Response response = given().contentType("application/json").body(body)
                .post("/api/v2/signingCert").then().statusCode(200).contentType("application/json")
                .body("signedCertificateDetachedSct", nullValue())
                .extract().response();
        List<String> pems = response.jsonPath().getList("signedCertificateEmbeddedSct.chain.certificates");
        for (String pem : pems) {
            assertFalse(pem.endsWith("\n"), "signingCert PEMs are trimmed, as Fulcio's");
        }
        return pems;
    }

    private static List<String> issueV1(ClientKey key, String proof, String token) {
        String body = proof.equals("csr")
                ? "{\"certificateSigningRequest\":\"" + key.csr() + "\"}"
                : "{\"publicKey\":{\"algorithm\":\"ecdsa\",\"content\":\"" + base64(key.publicKeyPem())
                        + "\"},\"signedEmailAddress\":\"" + key.proof(EMAIL) + "\"}";
        String pem = given().contentType("application/json").header("Authorization", "Bearer " + token).body(body)
                .post("/api/v1/signingCert").then().statusCode(201).contentType("application/pem-certificate-chain")
                .extract().asString();
        assertFalse(pem.endsWith("\n"), "v1 chain is trimmed");
        return List.of(pem);
    }

    static List<X509Certificate> trustBundle() {
        List<String> pems = given().get("/api/v2/trustBundle").then().statusCode(200)
                .extract().jsonPath().getList("chains[0].certificates");
        List<X509Certificate> certs = new ArrayList<>();
        for (String pem : pems) {
            certs.addAll(LeafAssertions.parsePem(pem));
        }
        return certs;
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
