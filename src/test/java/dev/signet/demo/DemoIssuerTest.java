package dev.signet.demo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.testing.ClientKey;
import dev.signet.testing.LeafAssertions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README walkthrough, step by step: demo token, key, proof, v1 certificate. */
@QuarkusTest
@TestProfile(DemoIssuerTest.DemoEnabled.class)
class DemoIssuerTest {

    /** The demo issuer on, as in the dev profile; its URL names the port, so the port is fixed here. */
    public static class DemoEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.demo.enabled", "true", "quarkus.http.test-port", "18555");
        }
    }

    @Test
    void readmeWalkthroughGivesACertificate() throws Exception {
        String email = "alice@example.com";
        String token = given().formParam("email", email).post("/demo-issuer/token")
                .then().statusCode(200).extract().asString();
        ClientKey key = ClientKey.ec("secp256r1");
        String body = "{\"publicKey\":{\"content\":\"" + Base64.getEncoder().encodeToString(
                key.publicKeyPem().getBytes(StandardCharsets.US_ASCII)) + "\"},\"signedEmailAddress\":\""
                + key.proof(email) + "\"}";
        String pem = given().header("Authorization", "Bearer " + token).contentType("application/json").body(body)
                .post("/api/v1/signingCert").then().statusCode(201).extract().asString();
        List<X509Certificate> chain = LeafAssertions.parsePem(pem);
        assertEquals(List.of("alice@example.com"), chain.get(0).getSubjectAlternativeNames().stream()
                .map(name -> (String) name.get(1)).toList());
    }

    @Test
    void configurationListsTheDemoIssuer() {
        given().get("/api/v2/configuration").then().statusCode(200)
                .body("issuers[0].issuerUrl", org.hamcrest.Matchers.endsWith("/demo-issuer"));
    }
}
