package dev.signet.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
import dev.signet.testing.GrpcTestChannel;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import dev.sigstore.fulcio.v2.CAGrpc;
import dev.sigstore.fulcio.v2.CreateSigningCertificateRequest;
import dev.sigstore.fulcio.v2.Credentials;
import dev.sigstore.fulcio.v2.GetTrustBundleRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The limits at the API. Requests come from 127.0.0.1, a trusted proxy here, so each test picks its
 * clients' addresses with {@code X-Forwarded-For}. Refill is so slow (one token in 100 s) that no
 * token comes back during the test.
 */
@QuarkusTest
@TestProfile(RateLimitApiTest.Limited.class)
@WithTestResource(OidcIssuersTestResource.class)
class RateLimitApiTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    static final int ADDRESS_BURST = 4;
    static final int IDENTITY_BURST = 2;

    /** Small bursts, slow refill, loopback as the trusted proxy. */
    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "signet.rate-limit.enabled", "true",
                    "signet.rate-limit.address.rate", "0.01",
                    "signet.rate-limit.address.burst", Integer.toString(ADDRESS_BURST),
                    "signet.rate-limit.identity.rate", "0.01",
                    "signet.rate-limit.identity.burst", Integer.toString(IDENTITY_BURST),
                    "signet.rate-limit.trusted-proxies", "127.0.0.1,::1");
        }
    }

    private static Response post(String path, String from, String body) {
        return given().header("X-Forwarded-For", from).contentType("application/json").body(body).post(path);
    }

    @Test
    void anAddressGetsItsBurstThen429WithRetryAfter() {
        String client = "198.51.100.1";
        for (int i = 0; i < ADDRESS_BURST; i++) {
            // No token: refused as a bad request, but counted, since the address is checked first.
            post(i % 2 == 0 ? "/api/v2/signingCert" : "/api/v1/signingCert", client, "{}").then().statusCode(400);
        }
        Response refused = post("/api/v2/signingCert", client, "{}");
        refused.then().statusCode(429).contentType("application/json")
                .body("code", equalTo(8)).body("message", equalTo("Too many requests; retry later"));
        long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
        assertTrue(retryAfter > 90 && retryAfter <= 100, "one token in 100 s: " + retryAfter);
        post("/api/v1/signingCert", client, "{}").then().statusCode(429).header("Retry-After",
                org.hamcrest.Matchers.notNullValue());

        post("/api/v2/signingCert", "198.51.100.2", "{}").then().statusCode(400);
        // The client's own left-most entry does not make it someone else.
        post("/api/v2/signingCert", "203.0.113.77, " + client, "{}").then().statusCode(429);
    }

    @Test
    void readOnlyEndpointsAreNeverLimited() {
        String client = "198.51.100.3";
        for (int i = 0; i <= ADDRESS_BURST; i++) {
            post("/api/v2/signingCert", client, "{}");
        }
        post("/api/v2/signingCert", client, "{}").then().statusCode(429);
        for (int i = 0; i < 3 * ADDRESS_BURST; i++) {
            given().header("X-Forwarded-For", client).get("/api/v2/trustBundle").then().statusCode(200);
            given().header("X-Forwarded-For", client).get("/api/v2/configuration").then().statusCode(200);
            given().header("X-Forwarded-For", client).get("/api/v1/rootCert").then().statusCode(200);
        }
    }

    /**
     * Fulcio's {@code /healthz} probe and the CORS preflight browsers send before a signing request
     * are never limited, nor counted: a client over its limit is still probed and preflighted.
     */
    @Test
    void healthzAsFulciosAndCorsPreflightsAreNeverLimited() {
        String client = "198.51.100.4";
        for (int i = 0; i < 3 * ADDRESS_BURST; i++) {
            given().header("X-Forwarded-For", client).get("/healthz").then().statusCode(200);
            given().header("X-Forwarded-For", client).header("Origin", "https://signer.example")
                    .header("Access-Control-Request-Method", "POST").options("/api/v2/signingCert").then()
                    .statusCode(200);
        }
        post("/api/v2/signingCert", client, "{}").then().statusCode(400);
    }

    @Test
    void anIdentityIsLimitedWhateverAddressItUses() {
        String token = issuer.token().email("carol@example.com").emailVerified(true)
                .subject("carol-sub").sign();
        String body = wrongProofBody(token);
        for (int i = 0; i < IDENTITY_BURST; i++) {
            post("/api/v2/signingCert", "192.0.2." + (10 + i), body).then().statusCode(400)
                    .body("message", equalTo("The signature supplied in the request could not be verified"));
        }
        Response refused = post("/api/v2/signingCert", "192.0.2.50", body);
        refused.then().statusCode(429);
        assertTrue(Long.parseLong(refused.getHeader("Retry-After")) > 0);

        String other = issuer.token().email("dave@example.com").emailVerified(true)
                .subject("dave-sub").sign();
        post("/api/v2/signingCert", "192.0.2.50", body.replace(token, other)).then().statusCode(400);
    }

    @Test
    void grpcCreateSigningCertificateIsLimitedByAddress() throws Exception {
        try (GrpcTestChannel channel = GrpcTestChannel.open()) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("x-forwarded-for", Metadata.ASCII_STRING_MARSHALLER), "198.51.100.9");
            CAGrpc.CABlockingStub ca = CAGrpc.newBlockingStub(channel.channel())
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            CreateSigningCertificateRequest request = CreateSigningCertificateRequest.newBuilder()
                    .setCredentials(Credentials.newBuilder().setOidcIdentityToken("not-a-token")).build();
            for (int i = 0; i < ADDRESS_BURST; i++) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> ca.createSigningCertificate(request));
                assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), "call " + i);
            }
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> ca.createSigningCertificate(request));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
            assertEquals("Too many requests; retry later", refused.getStatus().getDescription());
            String retryAfter = refused.getTrailers().get(
                    Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER));
            assertTrue(Long.parseLong(retryAfter) > 0, "retry-after trailer: " + retryAfter);
            // Another client is unaffected: the interceptor sees the real peer (a trusted proxy here).
            Metadata otherHeaders = new Metadata();
            otherHeaders.put(Metadata.Key.of("x-forwarded-for", Metadata.ASCII_STRING_MARSHALLER), "198.51.100.10");
            CAGrpc.CABlockingStub other = CAGrpc.newBlockingStub(channel.channel())
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(otherHeaders));
            assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class,
                    () -> other.createSigningCertificate(request)).getStatus().getCode());
            // Read-only calls from the same client still work.
            assertTrue(ca.getTrustBundle(GetTrustBundleRequest.getDefaultInstance()).getChainsCount() > 0);
        }
    }

    /** A valid token and a proof for someone else: the identity is counted, then the proof fails (400). */
    static String wrongProofBody(String token) {
        ClientKey key = ClientKey.ec("secp256r1");
        return "{\"credentials\":{\"oidcIdentityToken\":\"" + token + "\"},\"publicKeyRequest\":{\"publicKey\":"
                + "{\"algorithm\":\"ECDSA\",\"content\":" + json(key.publicKeyPem()) + "},\"proofOfPossession\":\""
                + key.proof("mallory@example.com") + "\"}}";
    }

    static String json(String text) {
        return "\"" + text.replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }
}
