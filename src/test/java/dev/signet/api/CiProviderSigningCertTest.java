package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/**
 * A {@code ci-provider} issuer with GitHub-like metadata in the identity JSON: the certificate's
 * SAN and every Sigstore extension are exactly what the templates give for the token.
 */
@QuarkusTest
@WithTestResource(CiProviderIssuerResource.class)
class CiProviderSigningCertTest {
    @Fixture(CiProviderIssuerResource.ISSUER)
    TestOidcIssuer issuer;

    static final String SUB = "repo:octo-org/octo-repo:environment:prod";
    static final String ARC = "1.3.6.1.4.1.57264.1.";
    static final ClientKey KEY = ClientKey.ec("secp256r1");

    TestOidcIssuer issuer() {
        return issuer;
    }

    TestOidcIssuer.TokenBuilder githubToken() {
        return issuer().token().subject(SUB)
                .claim("ref", "refs/heads/main")
                .claim("sha", "8f1d9c3e2b7a4f60c5d1e2f3a4b5c6d7e8f90123")
                .claim("repository", "octo-org/octo-repo")
                .claim("repository_owner", "octo-org")
                .claim("repository_owner_id", "1234567")
                .claim("repository_id", 765432)
                .claim("repository_visibility", "private")
                .claim("run_id", "9876543210")
                .claim("run_attempt", "1")
                .claim("runner_environment", "self-hosted")
                .claim("workflow", "Release <&> \"nightly\"")
                .claim("event_name", "workflow_dispatch")
                .claim("ref_type", "branch")
                .claim("environment", "prod")
                .claim("job_workflow_ref", "octo-org/shared/.github/workflows/build.yml@refs/tags/v2")
                .claim("job_workflow_sha", "aaaabbbbccccddddeeeeffff0000111122223333")
                .claim("workflow_ref", "octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main")
                .claim("workflow_sha", "8f1d9c3e2b7a4f60c5d1e2f3a4b5c6d7e8f90123");
    }

    Map<String, String> expectedExtensions() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(ARC + "1", issuer().url());
        expected.put(ARC + "2", "workflow_dispatch");
        expected.put(ARC + "3", "8f1d9c3e2b7a4f60c5d1e2f3a4b5c6d7e8f90123");
        expected.put(ARC + "4", "Release <&> \"nightly\"");
        expected.put(ARC + "5", "octo-org/octo-repo");
        expected.put(ARC + "6", "refs/heads/main");
        expected.put(ARC + "8", issuer().url());
        expected.put(ARC + "9", "https://github.com/octo-org/shared/.github/workflows/build.yml@refs/tags/v2");
        expected.put(ARC + "10", "aaaabbbbccccddddeeeeffff0000111122223333");
        expected.put(ARC + "11", "self-hosted");
        expected.put(ARC + "12", "https://github.com/octo-org/octo-repo");
        expected.put(ARC + "13", "8f1d9c3e2b7a4f60c5d1e2f3a4b5c6d7e8f90123");
        expected.put(ARC + "14", "refs/heads/main");
        expected.put(ARC + "15", "765432");
        expected.put(ARC + "16", "https://github.com/octo-org");
        expected.put(ARC + "17", "1234567");
        expected.put(ARC + "18", "https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main");
        expected.put(ARC + "19", "8f1d9c3e2b7a4f60c5d1e2f3a4b5c6d7e8f90123");
        expected.put(ARC + "20", "workflow_dispatch");
        expected.put(ARC + "21", "https://github.com/octo-org/octo-repo/actions/runs/9876543210/attempts/1");
        expected.put(ARC + "22", "private");
        expected.put(ARC + "23", "prod");
        expected.put(ARC + "24", SUB);
        return expected;
    }

    static X509Certificate[] issue(String token) {
        String body = "{\"credentials\":{\"oidcIdentityToken\":\"" + token + "\"},\"publicKeyRequest\":{\"publicKey\":"
                + "{\"algorithm\":\"ECDSA\",\"content\":" + json(KEY.publicKeyPem()) + "},\"proofOfPossession\":\""
                + KEY.proof(SUB) + "\"}}";
        List<String> pems = given().contentType("application/json").body(body).post("/api/v2/signingCert")
                .then().statusCode(200).extract().jsonPath().getList("signedCertificateEmbeddedSct.chain.certificates");
        List<X509Certificate> chain = new ArrayList<>();
        for (String pem : pems) {
            chain.addAll(LeafAssertions.parsePem(pem));
        }
        return chain.toArray(new X509Certificate[0]);
    }

    @Test
    void certificateCarriesTheTemplatedSanAndEveryExtension() throws Exception {
        X509Certificate[] chain = issue(githubToken().sign());
        chain[0].verify(chain[1].getPublicKey());
        assertSanAndExtensions(chain[0], expectedExtensions());
    }

    @Test
    void noDeploymentEnvironmentWithoutTheClaim() throws Exception {
        X509Certificate[] chain = issue(githubToken().claim("environment", null).sign());
        Map<String, String> expected = expectedExtensions();
        expected.remove(ARC + "23");
        assertSanAndExtensions(chain[0], expected);
    }

    @Test
    void aMissingClaimIsAnIdentityTokenError() {
        String token = githubToken().claim("job_workflow_ref", null).sign();
        String body = "{\"credentials\":{\"oidcIdentityToken\":\"" + token + "\"},\"publicKeyRequest\":{\"publicKey\":"
                + "{\"algorithm\":\"ECDSA\",\"content\":" + json(KEY.publicKeyPem()) + "},\"proofOfPossession\":\""
                + KEY.proof(SUB) + "\"}}";
        given().contentType("application/json").body(body).post("/api/v2/signingCert")
                .then().statusCode(400).body("code", equalTo(3))
                .body("message", equalTo("There was an error processing the identity token"))
                .body("details", empty());
    }

    @Test
    void proofMustBeOverTheSubject() {
        String body = "{\"credentials\":{\"oidcIdentityToken\":\"" + githubToken().sign() + "\"},\"publicKeyRequest\":"
                + "{\"publicKey\":{\"algorithm\":\"ECDSA\",\"content\":" + json(KEY.publicKeyPem())
                + "},\"proofOfPossession\":\"" + KEY.proof("octo-org/octo-repo") + "\"}}";
        given().contentType("application/json").body(body).post("/api/v2/signingCert")
                .then().statusCode(400).body("code", equalTo(3));
    }

    static void assertSanAndExtensions(X509Certificate leaf, Map<String, String> expected) throws Exception {
        Extensions extensions = new X509CertificateHolder(leaf.getEncoded()).getExtensions();
        Extension san = extensions.getExtension(Extension.subjectAlternativeName);
        assertTrue(san.isCritical());
        GeneralName[] names = GeneralNames.getInstance(san.getParsedValue()).getNames();
        assertEquals(1, names.length);
        assertEquals(GeneralName.uniformResourceIdentifier, names[0].getTagNo());
        assertEquals("https://github.com/octo-org/shared/.github/workflows/build.yml@refs/tags/v2",
                DERIA5String.getInstance(names[0].getName()).getString());

        Map<String, byte[]> sigstore = new TreeMap<>();
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            if (oid.getId().startsWith(ARC)) {
                Extension extension = extensions.getExtension(oid);
                assertFalse(extension.isCritical(), oid.getId());
                sigstore.put(oid.getId(), extension.getExtnValue().getOctets());
            }
        }
        assertEquals(new TreeMap<>(expected).keySet(), sigstore.keySet(), "exactly these Sigstore extensions");
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            byte[] value = sigstore.get(entry.getKey());
            int arc = Integer.parseInt(entry.getKey().substring(ARC.length()));
            if (arc <= 6) {
                assertArrayEquals(entry.getValue().getBytes(StandardCharsets.UTF_8), value,
                        entry.getKey() + " is the raw string");
            } else {
                assertEquals(0x0C, value[0], entry.getKey() + " is a UTF8String");
                ASN1UTF8String parsed = DERUTF8String.getInstance(ASN1Primitive.fromByteArray(value));
                assertEquals(entry.getValue(), parsed.getString(), entry.getKey());
                assertArrayEquals(parsed.getEncoded(), value, entry.getKey() + " has no trailing bytes");
            }
        }
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
