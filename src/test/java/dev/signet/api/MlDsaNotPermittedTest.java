package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With the default allow-list (Fulcio's), a well-formed ML-DSA key with a valid proof is refused as not permitted,
 * whether by signed challenge or by CSR, and the configuration does not offer ML-DSA.
 */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
class MlDsaNotPermittedTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    static final String NOT_PERMITTED = "The signing algorithm of the supplied key is not permitted by this CA";

    @ParameterizedTest(name = "ML-DSA-{0}")
    @ValueSource(ints = {44, 65, 87})
    void mlDsaIsRefusedUnlessAllowed(int set) {
        ClientKey key = ClientKey.mlDsa(set);
        String token = SigningCertResourceTest.token(issuer);
        SigningCertErrorsTest.assertError(SigningCertErrorsTest.v2(token, key, SigningCertResourceTest.EMAIL),
                400, 3, NOT_PERMITTED);
        SigningCertErrorsTest.assertError(SigningCertErrorsTest.post("{\"credentials\":{\"oidcIdentityToken\":\""
                + token + "\"},\"certificateSigningRequest\":\"" + key.csr() + "\"}"), 400, 3, NOT_PERMITTED);
        List<String> accepted = given().get("/api/v2/configuration").then().statusCode(200)
                .extract().jsonPath().getList("clientSigningAlgorithms");
        assertEquals(List.of("ecdsa-sha2-256-nistp256", "ecdsa-sha2-384-nistp384", "ecdsa-sha2-512-nistp521",
                "rsa-sign-pkcs1-2048-sha256", "rsa-sign-pkcs1-3072-sha256", "rsa-sign-pkcs1-4096-sha256", "ed25519"),
                accepted);
    }
}
