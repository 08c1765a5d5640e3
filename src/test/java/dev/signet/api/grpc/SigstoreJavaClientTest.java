package dev.signet.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.testing.ClientKey;
import dev.signet.testing.EmbeddedSctAssertions;
import dev.signet.testing.Fixture;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real gRPC-only client, sigstore-java 2.0.0, gets a certificate from Signet over plaintext gRPC
 * on the HTTP port. Like sigstore-java's keyless signer, it signs the token's {@code sub}, which an
 * email identity accepts beside the address. The client runs with its own generated Fulcio classes,
 * isolated from Signet's ({@link IsolatedSigstoreJava}).
 */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
class SigstoreJavaClientTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    private static final String IDENTITY = "java-client@example.com";
    private static final String SUBJECT = "java-client-subject";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ConfiguredLog logs;

    @Test
    void sigstoreJavaObtainsACertificateOverGrpc() throws Exception {
        ClientKey key = ClientKey.ec("secp256r1");
        List<X509Certificate> chain = certificate(key);

        String issuerUrl = issuer.url();
        LeafAssertions.assertEmailLeaf(chain.get(0), chain.get(1), key.keyPair().getPublic(), IDENTITY,
                Map.of(LeafAssertions.ISSUER_V1, issuerUrl, LeafAssertions.ISSUER_V2, issuerUrl,
                        LeafAssertions.TOKEN_SUBJECT, SUBJECT),
                Duration.ofMinutes(10));
        EmbeddedSctAssertions.assertEmbeddedSct(chain.get(0), chain.get(1), logs.log(EmbeddedLog.class).orElseThrow());
        String bundle = String.join("", RestAssured.given().get("/api/v2/trustBundle").then().statusCode(200)
                .extract().jsonPath().<String>getList("chains[0].certificates"));
        assertEquals(LeafAssertions.parsePem(bundle), chain.subList(1, chain.size()),
                "chain ends with exactly the trust bundle");

        byte[] trustedRoot = RestAssured.given().get("/api/v2/trustedRoot").then().statusCode(200)
                .extract().asByteArray();
        IsolatedSigstoreJava.verifySigningCertificate(trustedRoot, chain);
    }

    @Test
    void sigstoreJavaVerifierRefusesACertificateOutsideTheTrustedRoot() throws Exception {
        List<X509Certificate> chain = certificate(ClientKey.ec("secp256r1"));
        // The same root document without its CT log: the embedded SCT can no longer be checked.
        ObjectNode trustedRoot = (ObjectNode) JSON.readTree(RestAssured.given()
                .get("/api/v2/trustedRoot").then().statusCode(200).extract().asByteArray());
        trustedRoot.putArray("ctlogs");
        byte[] withoutLogs = JSON.writeValueAsBytes(trustedRoot);
        Exception refused = assertThrows(Exception.class,
                () -> IsolatedSigstoreJava.verifySigningCertificate(withoutLogs, chain));
        assertEquals("dev.sigstore.fulcio.client.FulcioVerificationException", refused.getClass().getName());
    }

    /**
     * A certificate for {@link #IDENTITY} through sigstore-java. Like its keyless signer, the proof
     * is over the token's {@code sub}, which here is not the email address.
     */
    private List<X509Certificate> certificate(ClientKey key) throws Exception {
        // sigstore-java picks the algorithm from the JDK's key algorithm name ("EC").
        PublicKey publicKey = KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(key.keyPair().getPublic().getEncoded()));
        String token = issuer.token()
                .email(IDENTITY).emailVerified(true).subject(SUBJECT).sign();
        return IsolatedSigstoreJava.signingCertificate(URI.create("http://127.0.0.1:" + RestAssured.port),
                publicKey, token, Base64.getDecoder().decode(key.proof(SUBJECT)));
    }
}
