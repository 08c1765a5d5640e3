package dev.signet.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.ca.SigningStatus;
import dev.signet.ca.kms.AwsKmsJsonServer;
import dev.signet.ca.kms.FakeKmsServer;
import dev.signet.codec.BouncyCastle;
import dev.signet.testing.Fixture;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Signet with {@code signet.ca.type=kms} on the AWS KMS stand-in (loopback, JSON 1.1, a real
 * P-384 key): certificates are signed by the KMS and chain to the configured root; while the KMS
 * denies access signingCert answers 500 with Fulcio's CA message and readiness goes DOWN; when
 * access is back readiness returns UP by itself and issuance works again.
 */
@QuarkusTest
@TestProfile(KmsReadinessTest.OnAwsKms.class)
@WithTestResource(OidcIssuersTestResource.class)
class KmsReadinessTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    private static AwsKmsJsonServer kms;

    /** The stand-in KMS, started once per JVM, and a chain file for its key under an offline root. */
    public static class OnAwsKms implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Map<String, String> config = new HashMap<>(kmsConfig(server()));
                config.put("signet.ca.kms.aws-region", "eu-west-1");
                return config;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Signet's kms CA on {@code kms}, with a chain file for its key under an offline root. */
    static Map<String, String> kmsConfig(FakeKmsServer kms) throws IOException {
        Path chain = kms.chainFile(Path.of(System.getProperty("java.io.tmpdir")));
        return Map.of(
                "signet.ca.type", "kms",
                "signet.ca.kms.key", kms.reference(),
                "signet.ca.kms.cert-chain", chain.toString(),
                "signet.ca.kms.endpoint", kms.url(),
                "signet.ca.kms.timeout", "3s",
                "signet.ca.health-check-interval", "1s");
    }

    static synchronized AwsKmsJsonServer server() throws IOException {
        if (kms == null) {
            kms = new AwsKmsJsonServer("P-384");
        }
        return kms;
    }

    @AfterAll
    static void stopKms() {
        if (kms != null) {
            kms.close();
            kms = null;
        }
    }

    @Test
    void issuesThroughTheKmsThenFailsClosedWhileAccessIsDeniedAndRecovers() throws Exception {
        issuesThenFailsClosedWhileAccessIsDeniedAndRecovers(issuer, server());
    }

    /** The whole check against the running Signet, whose kms CA uses {@code kms}. */
    static void issuesThenFailsClosedWhileAccessIsDeniedAndRecovers(TestOidcIssuer issuer, FakeKmsServer kms)
            throws Exception {
        List<X509Certificate> bundle = Pkcs11ReadinessTest.trustBundle();
        assertEquals(2, bundle.size());
        assertEquals("CN=KMS Test Intermediate,O=Test", bundle.get(0).getSubjectX500Principal().getName());
        awaitReadiness(200);
        issueAndVerify(issuer, bundle);

        kms.mode(FakeKmsServer.Mode.ACCESS_DENIED);
        try {
            SigningCertErrorsTest.assertError(SigningCertErrorsTest.v2(SigningCertErrorsTest.good(issuer).sign(),
                    SigningCertErrorsTest.KEY, SigningCertErrorsTest.EMAIL), 500, 13,
                    "error communicating with CA backend");
            Response down = Pkcs11ReadinessTest.readiness();
            assertEquals(503, down.statusCode(), down.asString());
            down.then().body("checks.find { it.name == 'ca-signing' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'ca-signing' }.data.reason",
                            org.hamcrest.Matchers.anyOf(equalTo(SigningStatus.SIGNING_FAILED),
                                    equalTo(SigningStatus.TEST_SIGNATURE_FAILED)));
        } finally {
            kms.mode(FakeKmsServer.Mode.NORMAL);
        }
        awaitReadiness(200);
        issueAndVerify(issuer, bundle);
    }

    private static void issueAndVerify(TestOidcIssuer issuer, List<X509Certificate> bundle) throws Exception {
        Response response =
                SigningCertErrorsTest.v2(SigningCertErrorsTest.good(issuer).sign(), SigningCertErrorsTest.KEY,
                        SigningCertErrorsTest.EMAIL).statusCode(200).extract().response();
        List<String> pems = response.jsonPath().getList("signedCertificateEmbeddedSct.chain.certificates");
        X509Certificate leaf = LeafAssertions.parsePem(pems.get(0)).get(0);
        leaf.verify(bundle.get(0).getPublicKey(), BouncyCastle.PROVIDER);
        bundle.get(0).verify(bundle.get(1).getPublicKey(), BouncyCastle.PROVIDER);
        assertEquals(bundle.get(1), LeafAssertions.parsePem(pems.get(pems.size() - 1)).get(0));
    }

    private static void awaitReadiness(int status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Pkcs11ReadinessTest.readiness().statusCode() == status);
    }
}
