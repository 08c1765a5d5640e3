package dev.signet.ratelimit;

import static io.restassured.RestAssured.given;

import dev.signet.testing.Fixture;
import dev.signet.testing.NoLogProfile;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * {@code signet.rate-limit.enabled=false} turns both limits off, however small they are (the limits of
 * one request are in {@link NoLogProfile}, shared with other tests to save a Quarkus boot).
 */
@QuarkusTest
@TestProfile(NoLogProfile.class)
@WithTestResource(OidcIssuersTestResource.class)
class RateLimitOffTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    @Test
    void neverAnswers429() {
        String token = issuer.token().email("erin@example.com").emailVerified(true).sign();
        for (int i = 0; i < 10; i++) {
            given().contentType("application/json").body("{}").post("/api/v2/signingCert").then().statusCode(400);
            given().contentType("application/json").body(RateLimitApiTest.wrongProofBody(token))
                    .post("/api/v2/signingCert").then().statusCode(400);
        }
    }
}
