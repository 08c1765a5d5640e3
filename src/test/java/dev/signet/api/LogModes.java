package dev.signet.api;

import static io.restassured.RestAssured.given;

import dev.signet.testing.ClientKey;
import dev.signet.testing.TestOidcIssuer;
import io.restassured.response.Response;

/** Requests shared by the log-mode tests. */
final class LogModes {
    private LogModes() {
    }

    static final String EMAIL = SigningCertResourceTest.EMAIL;

    static String v2Body(TestOidcIssuer issuer, ClientKey key) {
        return "{\"credentials\":{\"oidcIdentityToken\":\"" + SigningCertResourceTest.token(issuer)
                + "\"},\"publicKeyRequest\":{\"publicKey\":{\"content\":"
                + SigningCertResourceTest.json(key.publicKeyPem()) + "},\"proofOfPossession\":\"" + key.proof(EMAIL)
                + "\"}}";
    }

    static Response v1(TestOidcIssuer issuer, ClientKey key) {
        return given().contentType("application/json")
                .header("Authorization", "Bearer " + SigningCertResourceTest.token(issuer))
                .body("{\"publicKey\":{\"content\":\"" + SigningCertResourceTest.base64(key.publicKeyPem())
                        + "\"},\"signedEmailAddress\":\"" + key.proof(EMAIL) + "\"}")
                .post("/api/v1/signingCert").then().statusCode(201).extract().response();
    }

}
