package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
import dev.signet.testing.NoLogProfile;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** signet.ctlog.type=none answers as Fulcio does with its CT log disabled. */
@QuarkusTest
@TestProfile(NoLogProfile.class)
@WithTestResource(OidcIssuersTestResource.class)
class NoLogTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    @Test
    void v2AnswersDetachedWithAnEmptySct() {
        given().contentType("application/json").body(LogModes.v2Body(issuer, ClientKey.ec("secp256r1")))
                .post("/api/v2/signingCert").then().statusCode(200)
                .body("signedCertificateDetachedSct.signedCertificateTimestamp", equalTo(""));
    }

    @Test
    void v1HasNoSctHeader() {
        Response response = LogModes.v1(issuer, ClientKey.ed25519());
        assertNull(response.getHeader("SCT"));
        assertTrue(response.asString().startsWith("-----BEGIN CERTIFICATE-----"),
                new String(response.asByteArray(), StandardCharsets.US_ASCII));
    }
}
