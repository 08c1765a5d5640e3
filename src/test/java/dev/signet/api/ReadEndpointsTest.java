package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trust bundle, the legacy root endpoint and the configuration endpoint. */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
class ReadEndpointsTest {

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
                "issuerUrl", OidcIssuersTestResource.ISSUER.url(),
                "audience", "sigstore",
                "challengeClaim", "email",
                "spiffeTrustDomain", "",
                "issuerType", "email",
                "subjectDomain", "",
                "skipEmailVerification", false), first);
        given().get("/api/v2/configuration").then().body("issuers[1].issuerUrl",
                equalTo(OidcIssuersTestResource.REDIRECTING.url()));
    }
}
