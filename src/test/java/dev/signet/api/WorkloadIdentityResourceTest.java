package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.ClientKey;
import dev.signet.testing.Der;
import dev.signet.testing.Fixture;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.TestOidcIssuer;
import dev.signet.testing.WorkloadIssuersTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/**
 * Issuance over v2 for the workload identity types (kubernetes, spiffe, uri, username): the
 * proof of possession is over {@code sub}, the SAN and every Sigstore extension are checked
 * byte for byte, and a token each type must refuse gets 400.
 */
@QuarkusTest
@WithTestResource(WorkloadIssuersTestResource.class)
class WorkloadIdentityResourceTest {
    @Fixture(WorkloadIssuersTestResource.KUBERNETES)
    TestOidcIssuer kubernetes;
    @Fixture(WorkloadIssuersTestResource.SPIFFE)
    TestOidcIssuer spiffe;
    @Fixture(WorkloadIssuersTestResource.URI)
    TestOidcIssuer uri;
    @Fixture(WorkloadIssuersTestResource.USERNAME)
    TestOidcIssuer username;

    static final String TOKEN_ERROR = "There was an error processing the identity token";
    static final String ARC = "1.3.6.1.4.1.57264.";
    static final byte[] OTHER_NAME_TYPE_ID = HexFormat.of().parseHex("2b0601040183bf300107");
    static final ClientKey KEY = ClientKey.ec("secp256r1");

    static final String K8S_SUB = "system:serviceaccount:prod:builder";
    static final String SPIFFE_ID = "spiffe://" + WorkloadIssuersTestResource.TRUST_DOMAIN + "/ns/prod/sa/builder";
    static final String URI_SUB = WorkloadIssuersTestResource.URI_DOMAIN + "/users/alice";

    static Map<String, Object> kubernetesClaim(String namespace, String serviceAccount) {
        Map<String, Object> kubernetes = new TreeMap<>();
        if (namespace != null) {
            kubernetes.put("namespace", namespace);
        }
        kubernetes.put("serviceaccount", Map.of("name", serviceAccount, "uid", "3b1e2d0a-59c4-4a5e-9c53-2d3f0c7b9a11"));
        kubernetes.put("pod", Map.of("name", "builder-7d9f", "uid", "0f6c1b2e-1111-2222-3333-444455556666"));
        return kubernetes;
    }

    @Test
    void kubernetesServiceAccount() throws Exception {
        TestOidcIssuer issuer = kubernetes;
        String token =
                issuer.token().subject(K8S_SUB).claim("kubernetes.io", kubernetesClaim("prod", "builder")).sign();
        X509Certificate leaf = issue(token, K8S_SUB);
        assertSan(leaf, uriSan("https://kubernetes.io/namespaces/prod/serviceaccounts/builder"));
        assertSigstoreExtensions(leaf, issuer.url(), K8S_SUB);
    }

    @Test
    void kubernetesWithoutNamespaceIsRefused() {
        TestOidcIssuer issuer = kubernetes;
        String token = issuer.token().subject(K8S_SUB).claim("kubernetes.io", kubernetesClaim(null, "builder")).sign();
        assertRefused(token, K8S_SUB);
    }

    @Test
    void spiffeWorkload() throws Exception {
        TestOidcIssuer issuer = spiffe;
        X509Certificate leaf = issue(issuer.token().subject(SPIFFE_ID).sign(), SPIFFE_ID);
        assertSan(leaf, uriSan(SPIFFE_ID));
        assertSigstoreExtensions(leaf, issuer.url(), SPIFFE_ID);
    }

    @Test
    void spiffeIdOfAnotherTrustDomainIsRefused() {
        String other = "spiffe://other.org/ns/prod/sa/builder";
        assertRefused(spiffe.token().subject(other).sign(), other);
    }

    @Test
    void uriSubject() throws Exception {
        TestOidcIssuer issuer = uri;
        X509Certificate leaf = issue(issuer.token().subject(URI_SUB).sign(), URI_SUB);
        assertSan(leaf, uriSan(URI_SUB));
        assertSigstoreExtensions(leaf, issuer.url(), URI_SUB);
    }

    @Test
    void uriSubjectOnAnotherHostIsRefused() {
        String other = "http://127.0.0.2/users/alice";
        assertRefused(uri.token().subject(other).sign(), other);
    }

    @Test
    void username() throws Exception {
        TestOidcIssuer issuer = username;
        X509Certificate leaf = issue(issuer.token().subject("alice").sign(), "alice");
        byte[] otherName = Der.tlv(0xa0, Der.tlv(0x06, OTHER_NAME_TYPE_ID),
                Der.tlv(0xa0, Der.tlv(0x0c, Der.utf8("alice!" + WorkloadIssuersTestResource.USERNAME_DOMAIN))));
        assertSan(leaf, Der.tlv(0x30, otherName));
        assertSigstoreExtensions(leaf, issuer.url(), "alice");
    }

    @Test
    void usernameWithBangIsRefused() {
        String sub = "alice!evil.example";
        assertRefused(username.token().subject(sub).sign(), sub);
    }

    // ---- helpers ----------------------------------------------------------------------------

    static ValidatableResponse post(String token, String signedChallenge) {
        String body = "{\"credentials\":{\"oidcIdentityToken\":\"" + token + "\"},\"publicKeyRequest\":{\"publicKey\":"
                + "{\"algorithm\":\"ECDSA\",\"content\":" + SigningCertResourceTest.json(KEY.publicKeyPem())
                + "},\"proofOfPossession\":\"" + KEY.proof(signedChallenge) + "\"}}";
        return given().contentType("application/json").body(body).post("/api/v2/signingCert").then();
    }

    /** Issues over v2 with a proof over {@code challenge}; returns the verified leaf. */
    static X509Certificate issue(String token, String challenge) throws Exception {
        List<String> pems = post(token, challenge).statusCode(200).contentType("application/json")
                .extract().jsonPath().getList("signedCertificateEmbeddedSct.chain.certificates");
        List<X509Certificate> chain = new ArrayList<>();
        for (String pem : pems) {
            chain.addAll(LeafAssertions.parsePem(pem));
        }
        X509Certificate leaf = chain.get(0);
        leaf.verify(chain.get(1).getPublicKey());
        assertArrayEquals(KEY.keyPair().getPublic().getEncoded(), leaf.getPublicKey().getEncoded());
        return leaf;
    }

    static void assertRefused(String token, String signedChallenge) {
        post(token, signedChallenge).statusCode(400).contentType("application/json")
                .body("code", equalTo(3)).body("message", equalTo(TOKEN_ERROR)).body("details", empty());
    }

    static void assertSan(X509Certificate leaf, byte[] expectedGeneralNames) throws Exception {
        Extension san = extensions(leaf).getExtension(Extension.subjectAlternativeName);
        assertTrue(san.isCritical(), "SAN is critical with an empty subject");
        assertArrayEquals(expectedGeneralNames, san.getExtnValue().getOctets(), "SAN bytes");
    }

    /** Exactly .1.1 (raw issuer), .1.8 (UTF8String issuer) and .1.24 (UTF8String sub), none critical. */
    static void assertSigstoreExtensions(X509Certificate leaf, String issuer, String subject) throws Exception {
        Extensions extensions = extensions(leaf);
        List<String> sigstore = new ArrayList<>();
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            if (oid.getId().startsWith(ARC)) {
                sigstore.add(oid.getId());
                assertFalse(extensions.getExtension(oid).isCritical(), oid.getId());
            }
        }
        assertEquals(List.of(ARC + "1.1", ARC + "1.8", ARC + "1.24"), sigstore, "Sigstore extensions");
        assertArrayEquals(Der.utf8(issuer), octets(extensions, "1.1"), ".1.1 is the raw issuer");
        assertArrayEquals(Der.tlv(0x0c, Der.utf8(issuer)), octets(extensions, "1.8"), ".1.8 is a UTF8String issuer");
        assertArrayEquals(Der.tlv(0x0c, Der.utf8(subject)), octets(extensions, "1.24"), ".1.24 is a UTF8String sub");
    }

    static byte[] octets(Extensions extensions, String arcSuffix) {
        return extensions.getExtension(new ASN1ObjectIdentifier(ARC + arcSuffix)).getExtnValue().getOctets();
    }

    static Extensions extensions(X509Certificate leaf) throws Exception {
        return new X509CertificateHolder(leaf.getEncoded()).getExtensions();
    }

    static byte[] uriSan(String uri) {
        return Der.tlv(0x30, Der.tlv(0x86, uri.getBytes(StandardCharsets.US_ASCII)));
    }

}
