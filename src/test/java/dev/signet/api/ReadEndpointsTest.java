package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.Fixture;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trust bundle, the legacy root endpoint and the configuration endpoint. */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
class ReadEndpointsTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;
    @Fixture(OidcIssuersTestResource.REDIRECTING)
    TestOidcIssuer redirecting;

    @Test
    void trustBundleHoldsFullPemsEndingInNewline() {
        List<String> pems = given().get("/api/v2/trustBundle").then().statusCode(200).contentType("application/json")
                .body("chains", hasSize(1)).extract().jsonPath().getList("chains[0].certificates");
        assertTrue(!pems.isEmpty());
        for (String pem : pems) {
            assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n") && pem.endsWith("-----END CERTIFICATE-----\n"));
        }
    }

    @Test
    void rootCertIsEveryBundleCertificateConcatenated() {
        String body = given().get("/api/v1/rootCert").then().statusCode(200)
                .contentType("application/pem-certificate-chain").extract().asString();
        assertEquals(SigningCertResourceTest.trustBundle(), LeafAssertions.parsePem(body));
    }

    @Test
    void configurationListsEveryIssuerWithAllFields() {
        List<Map<String, Object>> issuers = given().get("/api/v2/configuration").then().statusCode(200)
                .body("issuers", hasSize(2)).extract().jsonPath().getList("issuers");
        Map<String, Object> first = issuers.get(0);
        assertEquals(Map.of(
                "issuerUrl", issuer.url(),
                "audience", "sigstore",
                "challengeClaim", "email",
                "spiffeTrustDomain", "",
                "issuerType", "email",
                "subjectDomain", "",
                "skipEmailVerification", false), first);
        given().get("/api/v2/configuration").then().body("issuers[1].issuerUrl",
                equalTo(redirecting.url()));
    }

    @Test
    void trustedRootHoldsTheChainAndTheLogKey() throws Exception {
        io.restassured.path.json.JsonPath json = given().get("/api/v2/trustedRoot").then().statusCode(200)
                .body("mediaType", equalTo("application/vnd.dev.sigstore.trustedroot+json;version=0.1"))
                .extract().jsonPath();
        List<String> chain = json.getList("certificateAuthorities[0].certChain.certificates.rawBytes");
        List<java.security.cert.X509Certificate> bundle = SigningCertResourceTest.trustBundle();
        assertEquals(bundle.size(), chain.size());
        for (int i = 0; i < chain.size(); i++) {
            assertEquals(java.util.Base64.getEncoder().encodeToString(bundle.get(i).getEncoded()), chain.get(i));
        }
        String key = json.getString("ctlogs[0].publicKey.rawBytes");
        assertEquals(java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(java.util.Base64.getDecoder().decode(key))), json.getString("ctlogs[0].logId.keyId"));
        assertEquals("PKIX_ECDSA_P256_SHA_256", json.getString("ctlogs[0].publicKey.keyDetails"));
        assertEquals("SHA2_256", json.getString("ctlogs[0].hashAlgorithm"));
        assertTrue(json.getString("ctlogs[0].baseUrl").endsWith("/log"));
        assertTrue(json.getString("certificateAuthorities[0].validFor.start").endsWith("Z"));
    }

    @Test
    void trustedRootNamesTheConfiguredHostAndPortNotTheHostHeader() {
        // No signet.public-url here: the test profile's quarkus.http.host and the port it listens on.
        String expected = "http://127.0.0.1:" + io.restassured.RestAssured.port;
        given().header("Host", "evil.example").get("/api/v2/trustedRoot").then().statusCode(200)
                .body("certificateAuthorities.uri", org.hamcrest.Matchers.everyItem(equalTo(expected)))
                .body("ctlogs[0].baseUrl", equalTo(expected + "/log"));
    }
}
