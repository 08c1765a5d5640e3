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

/** signet.ctlog.type=none answers as Fulcio does with its CT log disabled. */
@QuarkusTest
@TestProfile(NoLogTest.NoLog.class)
@WithTestResource(OidcIssuersTestResource.class)
class NoLogTest {
    /** No log: Fulcio's behaviour with its CT log disabled. */
    public static class NoLog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.ctlog.type", "none");
        }
    }

    @Test
    void v2AnswersDetachedWithAnEmptySct() {
        given().contentType("application/json").body(LogModes.v2Body(ClientKey.ec("secp256r1")))
                .post("/api/v2/signingCert").then().statusCode(200)
                .body("signedCertificateDetachedSct.signedCertificateTimestamp", equalTo(""));
    }

    @Test
    void v1HasNoSctHeader() {
        Response response = LogModes.v1(ClientKey.ed25519());
        assertNull(response.getHeader("SCT"));
        assertTrue(response.asString().startsWith("-----BEGIN CERTIFICATE-----"),
                new String(response.asByteArray(), StandardCharsets.US_ASCII));
    }
}
