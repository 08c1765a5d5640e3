package dev.signet.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.health.IdentityConfigCheck;
import dev.signet.issuance.IdentityFiles;
import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
import dev.signet.testing.ReloadableIdentityResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/** The issuance policy over the API, and the identity file reloaded under a running Signet. */
@QuarkusTest
@WithTestResource(ReloadableIdentityResource.class)
class IdentityReloadAndPolicyTest {
    @Fixture(ReloadableIdentityResource.FIRST)
    TestOidcIssuer first;
    @Fixture(ReloadableIdentityResource.SECOND)
    TestOidcIssuer second;
    @Fixture(ReloadableIdentityResource.IDENTITY)
    Path identity;

    static final ClientKey KEY = ClientKey.ec("secp256r1");

    @Inject
    IdentityFiles pool;

    @Inject
    @Readiness
    IdentityConfigCheck health;

    static ValidatableResponse issue(TestOidcIssuer issuer, String email) {
        String token = issuer.token().email(email).emailVerified(true).sign();
        return given().contentType("application/json").body("{\"credentials\":{\"oidcIdentityToken\":\"" + token
                + "\"},\"publicKeyRequest\":{\"publicKey\":{\"content\":\""
                + KEY.publicKeyPem().replace("\n", "\\n") + "\"},\"proofOfPossession\":\"" + KEY.proof(email)
                + "\"}}")
                .post("/api/v2/signingCert").then();
    }

    @Test
    void policyAllowsAndDeniesNamingTheRuleNotTheClaim() {
        issue(first, "alice@example.com").statusCode(200);
        String body = issue(first, "mallory@evil.example").statusCode(403)
                .contentType("application/json").extract().asString();
        assertEquals("{\"code\":7,\"message\":\"The identity is not allowed a certificate by this CA's issuance "
                + "policy: rule \\\"example.com staff\\\" failed\",\"details\":[]}", body);
        assertFalse(body.contains("mallory"));
    }

    @Test
    void aValidChangeIsAppliedAndABrokenOneIsRefused() throws Exception {
        long before = pool.generation().number();
        issue(second, "bob@example.com").statusCode(400);

        ReloadableIdentityResource.writeIdentity(identity, first, second);
        await(() -> pool.generation().number() > before);
        List<String> urls = given().get("/api/v2/configuration").then().statusCode(200)
                .extract().jsonPath().getList("issuers.issuerUrl");
        assertEquals(List.of(first.url(), second.url()), urls);
        issue(second, "bob@example.com").statusCode(200);

        long applied = pool.generation().number();
        ReloadableIdentityResource.replace(identity,
                "{\"OIDCIssuers\":{\"https://a.example\":{\"IssuerURL\":\"https://b.example\"}}}");
        await(() -> pool.lastFailure().isPresent());
        assertEquals(applied, pool.generation().number(), "the broken file did not replace the configuration");
        issue(second, "bob@example.com").statusCode(200);
        HealthCheckResponse check = health.call();
        assertEquals(HealthCheckResponse.Status.UP, check.getStatus());
        assertEquals(applied, check.getData().orElseThrow().get("generation"));
        assertTrue(String.valueOf(check.getData().orElseThrow().get("lastReloadError")).contains("https://a.example"));

        ReloadableIdentityResource.writeIdentity(identity, first);
        await(() -> pool.generation().number() > applied && pool.lastFailure().isEmpty());
        issue(second, "bob@example.com").statusCode(400);
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
    }
}
