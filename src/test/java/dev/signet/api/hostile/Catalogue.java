package dev.signet.api.hostile;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.testing.ClientKey;
import dev.signet.testing.TestOidcIssuer;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every catalogue row asserts: the status, gRPC code and fixed message, no certificate in the
 * answer, no new entry in the embedded log (its signed tree size, read over HTTP before and after),
 * and, where the row says so, no request reaching any loopback issuer.
 */
final class Catalogue {
    static final String TOKEN_ERROR = "There was an error processing the identity token";
    static final String SIGNATURE_ERROR = "The signature supplied in the request could not be verified";
    static final String INSECURE_KEY = "The public key supplied in the request is insecure";
    static final String KEY_PARSE_ERROR = "The public key supplied in the request could not be parsed";
    static final String CSR_ERROR = "The certificate signing request could not be parsed";
    static final String IDP_UNAVAILABLE_STATUS = "503";
    static final String EMAIL = "alice@example.com";
    static final ClientKey KEY = ClientKey.ec("secp256r1");

    private Catalogue() {
    }

    /** A v2 public-key request proving possession over {@code signed}. */
    static Supplier<ValidatableResponse> v2(String token, ClientKey key, String signed) {
        return () -> post("{\"credentials\":{\"oidcIdentityToken\":" + json(token) + "},\"publicKeyRequest\":"
                + "{\"publicKey\":{\"content\":" + json(key.publicKeyPem()) + "},\"proofOfPossession\":\""
                + key.proof(signed) + "\"}}");
    }

    /** A v2 request for {@link #EMAIL} with {@link #KEY}. */
    static Supplier<ValidatableResponse> v2(String token) {
        return v2(token, KEY, EMAIL);
    }

    static ValidatableResponse post(String body) {
        return given().contentType("application/json").body(body).post("/api/v2/signingCert").then();
    }

    /** Runs the request; asserts the error answer, no certificate and no new log entry. */
    static ValidatableResponse refused(Supplier<ValidatableResponse> request, int status, int code, String message) {
        long before = treeSize();
        ValidatableResponse response = request.get();
        response.statusCode(status).contentType("application/json")
                .body("code", equalTo(code)).body("message", equalTo(message)).body("details", empty())
                .body("signedCertificateEmbeddedSct", nullValue())
                .body("signedCertificateDetachedSct", nullValue());
        assertEquals(before, treeSize(), "the log grew although nothing was issued");
        return response;
    }

    /** A token refusal: 400, code 3, Fulcio's token message. */
    static ValidatableResponse tokenRefused(String token) {
        return refused(v2(token), 400, 3, TOKEN_ERROR);
    }

    /** The embedded log's tree size from its signed tree head. */
    static long treeSize() {
        return given().get("/log/ct/v1/get-sth").then().statusCode(200).extract().jsonPath().getLong("tree_size");
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String b64url(String text) {
        return b64url(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Request counts of every loopback issuer, to prove that nothing was fetched. */
    static final class Outbound {
        private final Map<TestOidcIssuer, Integer> counts = new LinkedHashMap<>();

        static Outbound snapshot(List<TestOidcIssuer> issuers) {
            Outbound outbound = new Outbound();
            for (TestOidcIssuer issuer : issuers) {
                outbound.counts.put(issuer, issuer.requestCount());
            }
            return outbound;
        }

        void assertNone() {
            counts.forEach((issuer, before) -> assertEquals(before, issuer.requestCount(),
                    "an outbound request reached " + issuer.url()));
        }
    }
}
