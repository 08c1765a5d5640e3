package dev.signet.api;

import static io.restassured.RestAssured.given;

import dev.signet.testing.ClientKey;
import dev.signet.testing.OidcIssuersTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No SCT, no certificate: a log that cannot be reached fails issuance with Fulcio's CT error. */
@QuarkusTest
@TestProfile(LogFailureTest.UnreachableLog.class)
@WithTestResource(OidcIssuersTestResource.class)
class LogFailureTest {

    /** A remote log on a port nobody listens on, with a short deadline. */
    public static class UnreachableLog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (ServerSocket socket = new ServerSocket(0)) {
                Path key = Files.createTempFile("signet-log-key", ".pem");
                Files.writeString(key, ClientKey.ec("secp256r1").publicKeyPem());
                return Map.of(
                        "signet.ctlog.type", "remote",
                        "signet.ctlog.url", "http://127.0.0.1:" + socket.getLocalPort() + "/log",
                        "signet.ctlog.public-key", key.toString(),
                        "signet.ctlog.timeout", "1s");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void unreachableLogGives500AndNoCertificate() {
        SigningCertErrorsTest.assertError(
                SigningCertErrorsTest.v2(SigningCertErrorsTest.good().sign(), SigningCertErrorsTest.KEY,
                        SigningCertErrorsTest.EMAIL),
                500, 13, "Error entering certificate in CTL");
    }

    @Test
    void legacyApiFailsTheSameWay() {
        ClientKey key = ClientKey.ec("secp256r1");
        SigningCertErrorsTest.assertError(given().contentType("application/json")
                .header("Authorization", "Bearer " + SigningCertErrorsTest.good().sign())
                .body("{\"publicKey\":{\"content\":\"" + SigningCertResourceTest.base64(key.publicKeyPem())
                        + "\"},\"signedEmailAddress\":\"" + key.proof(SigningCertErrorsTest.EMAIL) + "\"}")
                .post("/api/v1/signingCert").then(), 500, 13, "Error entering certificate in CTL");
    }

    @Test
    void trustedRootNamesTheRemoteLog() {
        given().get("/api/v2/trustedRoot").then().statusCode(200)
                .body("ctlogs[0].baseUrl", org.hamcrest.Matchers.startsWith("http://127.0.0.1:"));
    }
}
