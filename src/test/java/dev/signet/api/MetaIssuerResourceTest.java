package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.MetaIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A meta issuer pattern matching a loopback HTTPS issuer: configuration listing, issuance, bypasses. */
@QuarkusTest
@WithTestResource(MetaIssuersTestResource.class)
class MetaIssuerResourceTest {
    @Fixture(MetaIssuersTestResource.STATIC)
    TestOidcIssuer staticIssuer;
    @Fixture(MetaIssuersTestResource.META)
    TestOidcIssuer meta;

    static final String EMAIL = "alice@example.com";
    static final ClientKey KEY = ClientKey.ec("secp256r1");

    TestOidcIssuer meta() {
        return meta;
    }

    @Test
    void configurationListsStaticIssuersThenMetaPatternsInFileOrder() {
        List<Map<String, Object>> issuers = given().get("/api/v2/configuration").then().statusCode(200)
                .extract().jsonPath().getList("issuers");
        assertEquals(3, issuers.size());
        assertEquals(staticIssuer.url(), issuers.get(0).get("issuerUrl"));
        assertFalse(issuers.get(0).containsKey("wildcardIssuerUrl"));
        assertEquals(MetaIssuersTestResource.PATTERN, issuers.get(1).get("wildcardIssuerUrl"));
        assertFalse(issuers.get(1).containsKey("issuerUrl"));
        assertEquals("sigstore", issuers.get(1).get("audience"));
        assertEquals("email", issuers.get(1).get("challengeClaim"));
        assertEquals("email", issuers.get(1).get("issuerType"));
        assertEquals("", issuers.get(1).get("spiffeTrustDomain"));
        assertEquals("", issuers.get(1).get("subjectDomain"));
        assertEquals(false, issuers.get(1).get("skipEmailVerification"));
        assertEquals(MetaIssuersTestResource.EKS, issuers.get(2).get("wildcardIssuerUrl"));
        assertNull(issuers.get(2).get("issuerUrl"));
    }

    @Test
    void issuesAnEmailCertificateForAMatchingIssuer() throws Exception {
        String token = meta().token().email(EMAIL).emailVerified(true).subject("alice-sub").sign();
        List<String> pems = SigningCertErrorsTest.v2(token, KEY, EMAIL).statusCode(200).extract().jsonPath()
                .getList("signedCertificateEmbeddedSct.chain.certificates");
        List<X509Certificate> chain = new ArrayList<>();
        for (String pem : pems) {
            chain.addAll(LeafAssertions.parsePem(pem));
        }
        LeafAssertions.assertEmailLeaf(chain.get(0), chain.get(1), KEY.keyPair().getPublic(), EMAIL,
                Map.of(LeafAssertions.ISSUER_V1, meta().url(), LeafAssertions.ISSUER_V2, meta().url(),
                        LeafAssertions.TOKEN_SUBJECT, "alice-sub"),
                Duration.ofMinutes(10));
    }

    @Test
    void bypassStringsMatchNothingAndCauseNoOutboundRequest() {
        int port = meta().port();
        int before = meta().requestCount();
        for (String iss : List.of(
                "https://localhost:" + port + "/",
                "https://localhost:" + port + "/x",
                "https://localhost:" + port + "/.well-known/openid-configuration",
                "https://localhost:" + port + "?iss=x",
                "https://localhost:" + port + "#x",
                "https://localhost:" + port + ".5",
                "https://localhost:" + port + "@127.0.0.1:" + port,
                "https://localhost.:" + port,
                "https://localhost:",
                "https://attacker.example/https://localhost:" + port,
                "https://attacker.example/?x=https://localhost:" + port,
                "https://127.0.0.1:" + port,
                "http://localhost:" + port,
                "https://oidc.eks.a.b.amazonaws.com/id/c",
                "http://169.254.169.254/latest/meta-data")) {
            SigningCertErrorsTest.assertTokenError(meta().token().issuer(iss).email(EMAIL).emailVerified(true).sign());
        }
        assertEquals(before, meta().requestCount(), "no bypass string reached the issuer");
        assertEquals(0, staticIssuer.requestCount());
    }
}
