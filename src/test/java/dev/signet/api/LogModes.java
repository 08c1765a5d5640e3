package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ctlog.ConfiguredLog;
import dev.signet.testing.ClientKey;
import dev.signet.testing.EmbeddedSctAssertions;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests shared by the log-mode tests. */
final class LogModes {
    private LogModes() {
    }

    static final String EMAIL = SigningCertResourceTest.EMAIL;

    static String v2Body(ClientKey key) {
        return "{\"credentials\":{\"oidcIdentityToken\":\"" + SigningCertResourceTest.token()
                + "\"},\"publicKeyRequest\":{\"publicKey\":{\"content\":"
                + SigningCertResourceTest.json(key.publicKeyPem()) + "},\"proofOfPossession\":\"" + key.proof(EMAIL)
                + "\"}}";
    }

    static Response v1(ClientKey key) {
        return given().contentType("application/json").header("Authorization", "Bearer " + SigningCertResourceTest.token())
                .body("{\"publicKey\":{\"content\":\"" + SigningCertResourceTest.base64(key.publicKeyPem())
                        + "\"},\"signedEmailAddress\":\"" + key.proof(EMAIL) + "\"}")
                .post("/api/v1/signingCert").then().statusCode(201).extract().response();
    }

}
