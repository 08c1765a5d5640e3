package dev.signet.ratelimit;

import static io.restassured.RestAssured.given;

import dev.signet.testing.Fixture;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code signet.rate-limit.enabled=false} turns both limits off, however small they are. */
@QuarkusTest
@TestProfile(RateLimitOffTest.Off.class)
@WithTestResource(OidcIssuersTestResource.class)
class RateLimitOffTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    /** Limits of one request, switched off. */
    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "signet.rate-limit.enabled", "false",
                    "signet.rate-limit.address.rate", "0.01",
                    "signet.rate-limit.address.burst", "1",
                    "signet.rate-limit.identity.rate", "0.01",
                    "signet.rate-limit.identity.burst", "1");
        }
    }

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
