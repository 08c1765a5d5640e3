package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.ca.SigningStatus;
import dev.signet.testing.Fixture;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.SoftHsm;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Signet on a SoftHSM2 token: certificates are signed by the token; when the token loses its
 * objects signingCert answers 500 with the fixed CA message and readiness goes DOWN; when they come
 * back readiness returns UP and issuance works again, without a restart.
 */
@QuarkusTest
@TestProfile(Pkcs11ReadinessTest.OnSoftHsm.class)
@WithTestResource(OidcIssuersTestResource.class)
@EnabledIf(value = "dev.signet.testing.SoftHsm#usableOrRequired", disabledReason = "SoftHSM2 is not installed")
class Pkcs11ReadinessTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    private static final String ALIAS = "signet-api-ca";

    /** A token of its own with a P-384 CA key, the PIN in a file, a fast probe and reconnect. */
    public static class OnSoftHsm implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if (!SoftHsm.usableOrRequired()) {
                // Quarkus reads every profile while it discovers the tests, before @EnabledIf skips
                // this class: without SoftHSM there is no token to make, and nothing will run on it.
                return Map.of();
            }
            SoftHsm.Token token = SoftHsm.tokenFor("api-readiness", fresh -> fresh.generateCaKey(ALIAS, "secp384r1"));
            try {
                Path pin = Files.createTempFile("signet-pin", ".txt");
                Files.writeString(pin, SoftHsm.PIN + "\n");
                return Map.of(
                        "signet.ca.type", "pkcs11",
                        "signet.ca.pkcs11.config", token.providerConfig().toString(),
                        "signet.ca.pkcs11.key-alias", ALIAS,
                        "signet.ca.pkcs11.pin-file", pin.toString(),
                        "signet.ca.pkcs11.reconnect-interval", "1s",
                        "signet.ca.health-check-interval", "1s",
                        "test.softhsm.label", token.label());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void issuesThroughTheTokenThenFailsClosedWhileItIsGoneAndRecovers() throws Exception {
        List<X509Certificate> bundle = trustBundle();
        assertEquals(1, bundle.size());
        assertEquals("CN=" + ALIAS, bundle.get(0).getSubjectX500Principal().getName());
        assertReady(true);
        issueAndVerify(bundle.get(0));

        SoftHsm.Token token = SoftHsm.token(ConfigProvider.getConfig().getValue("test.softhsm.label", String.class));
        token.loseObjects();
        try {
            SigningCertErrorsTest.assertError(SigningCertErrorsTest.v2(SigningCertErrorsTest.good(issuer).sign(),
                    SigningCertErrorsTest.KEY, SigningCertErrorsTest.EMAIL), 500, 13,
                    "error communicating with CA backend");
            Response down = readiness();
            assertEquals(503, down.statusCode(), down.asString());
            down.then().body("checks.find { it.name == 'ca-signing' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'ca-signing' }.data.reason",
                            org.hamcrest.Matchers.anyOf(equalTo(SigningStatus.SIGNING_FAILED),
                                    equalTo(SigningStatus.TEST_SIGNATURE_FAILED)));
            // The probe keeps failing while the token is gone.
            Awaitility.await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10))
                    .until(() -> readiness().statusCode() == 503);
            readiness().then().statusCode(503)
                    .body("checks.find { it.name == 'ca-signing' }.data.reason",
                            equalTo(SigningStatus.TEST_SIGNATURE_FAILED));
        } finally {
            token.restoreObjects();
        }
        awaitReady(Duration.ofSeconds(20));
        issueAndVerify(bundle.get(0));
        readiness().then().body("checks.name", hasItem("ca-signing"));
    }

    private void issueAndVerify(X509Certificate caCertificate) throws Exception {
        Response response =
                SigningCertErrorsTest.v2(SigningCertErrorsTest.good(issuer).sign(), SigningCertErrorsTest.KEY,
                        SigningCertErrorsTest.EMAIL).statusCode(200).extract().response();
        List<String> pems = response.jsonPath().getList("signedCertificateEmbeddedSct.chain.certificates");
        X509Certificate leaf = LeafAssertions.parsePem(pems.get(0)).get(0);
        leaf.verify(caCertificate.getPublicKey(), dev.signet.codec.BouncyCastle.PROVIDER);
        assertEquals(caCertificate, LeafAssertions.parsePem(pems.get(pems.size() - 1)).get(0));
    }

    /** The issuing chain of trustBundle (also used by the kms CA's readiness test). */
    static List<X509Certificate> trustBundle() {
        List<String> pems = given().get("/api/v2/trustBundle").then().statusCode(200).extract().jsonPath()
                .getList("chains[0].certificates");
        return pems.stream().map(pem -> LeafAssertions.parsePem(pem).get(0)).toList();
    }

    /** The readiness endpoint's answer on the management port. */
    static Response readiness() {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return given().get("http://127.0.0.1:" + port + "/q/health/ready").then().extract().response();
    }

    private static void assertReady(boolean ready) {
        Response response = readiness();
        assertEquals(ready ? 200 : 503, response.statusCode(), response.asString());
    }

    private static void awaitReady(Duration timeout) {
        Awaitility.await("ready again").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> readiness().statusCode() == 200);
    }
}
