package dev.signet.identity;

import static dev.signet.identity.ciprovider.CiProviderSamplesTest.forgejoClaims;
import static dev.signet.identity.ciprovider.CiProviderSamplesTest.jenkinsClaims;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.certificate.SigstoreOid;
import dev.signet.identity.ciprovider.CiProviderSamplesTest;
import dev.signet.testing.ClientKey;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/**
 * Issuance over v2 for each CI identity type, from a real issuer's token: the SAN and every Sigstore
 * extension are read back from the certificate's DER, and a token missing a required claim gets 400.
 */
@QuarkusTest
@WithTestResource(CiIssuersTestResource.class)
class CiIdentityTypesApiTest {
    static final String ARC = "1.3.6.1.4.1.57264.1.";
    static final String TOKEN_ERROR = "There was an error processing the identity token";
    static final ClientKey KEY = ClientKey.ec("secp256r1");

    static TestOidcIssuer issuer(String type) {
        return CiIssuersTestResource.ISSUERS.get(type);
    }

    static TestOidcIssuer.TokenBuilder github() {
        return issuer("github-workflow").token().subject("repo:octo-org/octo-repo:ref:refs/heads/main")
                .claim("job_workflow_ref", "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main")
                .claim("job_workflow_sha", "1111111111111111111111111111111111111111")
                .claim("sha", "3333333333333333333333333333333333333333")
                .claim("event_name", "push")
                .claim("repository", "octo-org/octo-repo")
                .claim("workflow", "Release <\"prod\"> & sign")
                .claim("ref", "refs/heads/main")
                .claim("ref_type", "branch")
                .claim("runner_environment", "github-hosted")
                .claim("repository_id", "74")
                .claim("repository_owner", "octo-org")
                .claim("repository_owner_id", "65")
                .claim("repository_visibility", "public")
                .claim("workflow_ref", "octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main")
                .claim("workflow_sha", "2222222222222222222222222222222222222222")
                .claim("run_id", "5264376442")
                .claim("run_attempt", "2")
                .claim("environment", "prod");
    }

    static TestOidcIssuer.TokenBuilder gitlab() {
        return issuer("gitlab-pipeline").token().subject("project_path:mygroup/myproject:ref_type:tag:ref:v1.2.3")
                .claim("namespace_id", "72")
                .claim("namespace_path", "mygroup")
                .claim("project_id", "20")
                .claim("project_path", "mygroup/myproject")
                .claim("project_visibility", "internal")
                .claim("pipeline_id", "574")
                .claim("pipeline_source", "push")
                .claim("job_id", "302")
                .claim("ref", "v1.2.3")
                .claim("ref_type", "tag")
                .claim("runner_id", 12270837)
                .claim("runner_environment", "gitlab-hosted")
                .claim("sha", "714a629c0b401fdce83e847fc9589983fc6f46bc")
                .claim("ci_config_ref_uri", "gitlab.com/mygroup/myproject//.gitlab-ci.yml@refs/tags/v1.2.3")
                .claim("ci_config_sha", "814a629c0b401fdce83e847fc9589983fc6f46bc");
    }

    static TestOidcIssuer.TokenBuilder buildkite() {
        return issuer("buildkite-job").token()
                .subject("organization:acme-inc:pipeline:super-duper-app:ref:refs/heads/main:commit:9f31:step:build")
                .claim("organization_slug", "acme-inc")
                .claim("pipeline_slug", "super-duper-app")
                .claim("build_number", 1)
                .claim("build_commit", "9f3182061f1e2cca4702c368cbc039b7dc9d4485");
    }

    static TestOidcIssuer.TokenBuilder codefresh() {
        return issuer("codefresh-workflow").token()
                .subject("account:628a80b693a15c0f9c13ab75:pipeline:65e5a53e52853dc51a5b0cc1:initiator:dev")
                .claim("account_id", "628a80b693a15c0f9c13ab75")
                .claim("account_name", "codefresh-account")
                .claim("pipeline_id", "65e5a53e52853dc51a5b0cc1")
                .claim("pipeline_name", "oidc-test/get-token")
                .claim("workflow_id", "65e6d5551e7a5b3d8a6fd6b1")
                .claim("initiator", "dev")
                .claim("scm_repo_url", "https://github.com/codefresh-user/oidc-test")
                .claim("scm_ref", "main")
                .claim("runner_environment", "hybrid");
    }

    static TestOidcIssuer.TokenBuilder chainguard() {
        return issuer("chainguard-identity").token().subject("c9e4b6b0f1c2d3e4f5a6b7c8d9e0f1a2/6b1b0e5d3c2a1f09")
                .claim("act", Map.of("iss", "https://token.actions.githubusercontent.com", "sub", "repo:x/y"))
                .claim("internal", Map.of("service-principal", "GITHUB_ACTIONS"));
    }

    @Test
    void githubWorkflow() throws Exception {
        String san = "https://github.com/octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main";
        assertIssued(github().sign(), "repo:octo-org/octo-repo:ref:refs/heads/main", san,
                githubExtensions(issuer("github-workflow").url()));
    }

    /** The Sigstore extensions (by arc under 1.3.6.1.4.1.57264.1) for {@link #github()}'s token. */
    static Map<String, String> githubExtensions(String iss) {
        Map<String, String> expected = new TreeMap<>();
        expected.put("1", iss);
        expected.put("2", "push");
        expected.put("3", "3333333333333333333333333333333333333333");
        expected.put("4", "Release <\"prod\"> & sign");
        expected.put("5", "octo-org/octo-repo");
        expected.put("6", "refs/heads/main");
        expected.put("8", iss);
        expected.put("9", "https://github.com/octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main");
        expected.put("10", "1111111111111111111111111111111111111111");
        expected.put("11", "github-hosted");
        expected.put("12", "https://github.com/octo-org/octo-repo");
        expected.put("13", "3333333333333333333333333333333333333333");
        expected.put("14", "refs/heads/main");
        expected.put("15", "74");
        expected.put("16", "https://github.com/octo-org");
        expected.put("17", "65");
        expected.put("18", "https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main");
        expected.put("19", "2222222222222222222222222222222222222222");
        expected.put("20", "push");
        expected.put("21", "https://github.com/octo-org/octo-repo/actions/runs/5264376442/attempts/2");
        expected.put("22", "public");
        expected.put("24", "repo:octo-org/octo-repo:ref:refs/heads/main");
        return expected;
    }

    @Test
    void gitlabPipeline() throws Exception {
        String san = "https://gitlab.com/mygroup/myproject//.gitlab-ci.yml@refs/tags/v1.2.3";
        assertIssued(gitlab().sign(), "project_path:mygroup/myproject:ref_type:tag:ref:v1.2.3", san,
                gitlabExtensions(issuer("gitlab-pipeline").url()));
    }

    /** The Sigstore extensions for {@link #gitlab()}'s token. */
    static Map<String, String> gitlabExtensions(String iss) {
        String san = "https://gitlab.com/mygroup/myproject//.gitlab-ci.yml@refs/tags/v1.2.3";
        Map<String, String> expected = new TreeMap<>();
        expected.put("1", iss);
        expected.put("8", iss);
        expected.put("9", san);
        expected.put("10", "814a629c0b401fdce83e847fc9589983fc6f46bc");
        expected.put("11", "gitlab-hosted");
        expected.put("12", "https://gitlab.com/mygroup/myproject");
        expected.put("13", "714a629c0b401fdce83e847fc9589983fc6f46bc");
        expected.put("14", "refs/tags/v1.2.3");
        expected.put("15", "20");
        expected.put("16", "https://gitlab.com/mygroup");
        expected.put("17", "72");
        expected.put("18", san);
        expected.put("19", "814a629c0b401fdce83e847fc9589983fc6f46bc");
        expected.put("20", "push");
        expected.put("21", "https://gitlab.com/mygroup/myproject/-/jobs/302");
        expected.put("22", "internal");
        expected.put("24", "project_path:mygroup/myproject:ref_type:tag:ref:v1.2.3");
        return expected;
    }

    @Test
    void buildkiteJob() throws Exception {
        String iss = issuer("buildkite-job").url();
        String sub = "organization:acme-inc:pipeline:super-duper-app:ref:refs/heads/main:commit:9f31:step:build";
        assertIssued(buildkite().sign(), sub, "https://buildkite.com/acme-inc/super-duper-app",
                Map.of("1", iss, "8", iss, "24", sub));
    }

    @Test
    void codefreshWorkflow() throws Exception {
        String sub = "account:628a80b693a15c0f9c13ab75:pipeline:65e5a53e52853dc51a5b0cc1:initiator:dev";
        assertIssued(codefresh().sign(), sub, "https://g.codefresh.io/codefresh-account/oidc-test/get-token:"
                + "628a80b693a15c0f9c13ab75/65e5a53e52853dc51a5b0cc1",
                codefreshExtensions(issuer("codefresh-workflow").url()));
    }

    /** The Sigstore extensions for {@link #codefresh()}'s token. */
    static Map<String, String> codefreshExtensions(String iss) {
        Map<String, String> expected = new TreeMap<>();
        expected.put("1", iss);
        expected.put("8", iss);
        expected.put("9", "https://g.codefresh.io/build/65e6d5551e7a5b3d8a6fd6b1");
        expected.put("11", "hybrid");
        expected.put("12", "https://github.com/codefresh-user/oidc-test");
        expected.put("14", "main");
        expected.put("18", "https://g.codefresh.io/api/pipelines/65e5a53e52853dc51a5b0cc1");
        expected.put("21", "https://g.codefresh.io/build/65e6d5551e7a5b3d8a6fd6b1");
        expected.put("24", "account:628a80b693a15c0f9c13ab75:pipeline:65e5a53e52853dc51a5b0cc1:initiator:dev");
        return expected;
    }

    @Test
    void chainguardServicePrincipalAndPerson() throws Exception {
        String iss = issuer("chainguard-identity").url();
        String sub = "c9e4b6b0f1c2d3e4f5a6b7c8d9e0f1a2/6b1b0e5d3c2a1f09";
        Map<String, String> expected = Map.of("1", iss, "8", iss, "24", sub);
        assertIssued(chainguard().sign(), sub, iss + "/" + sub, expected);
        String person = chainguard().email("alice@example.com").emailVerified(true).sign();
        assertIssued(person, "alice@example.com", iss + "/" + sub, expected);
        post(person, sub).statusCode(400).body("code", equalTo(3))
                .body("message", equalTo("The signature supplied in the request could not be verified"));
    }

    /**
     * The Forgejo/Codeberg Actions sample, as Fulcio would configure it ({@code ci-provider}): a token
     * shaped like Forgejo's gets a certificate with the sample's SAN and extensions.
     */
    @Test
    void forgejoActionsSampleIssuesAsFulciosCiProvider() throws Exception {
        assertSampleIssues("forgejo-actions", forgejoClaims(),
                "https://codeberg.org/acme/widget/actions?workflow=release.yml&ref=refs/tags/v1.4.0",
                CiProviderSamplesTest::forgejoExtensions);
    }

    /** The Jenkins sample (OpenID Connect Provider plugin), as Fulcio would configure it ({@code ci-provider}). */
    @Test
    void jenkinsSampleIssuesAsFulciosCiProvider() throws Exception {
        assertSampleIssues("jenkins-oidc-provider", jenkinsClaims(), "https://jenkins.example.com/job/team/job/app/",
                CiProviderSamplesTest::jenkinsExtensions);
        assertTokenError(issuer("jenkins-oidc-provider").token().subject("https://jenkins.example.com/job/app/").sign(),
                "https://jenkins.example.com/job/app/");
    }

    /** A token of the sample's issuer with these claims (its {@code sub} among them) gets exactly the expected certificate. */
    static void assertSampleIssues(String provider, Map<String, Object> claims, String san,
            Function<String, Map<SigstoreOid, String>> extensionsForIssuer) throws Exception {
        TestOidcIssuer sample = issuer(provider);
        String sub = (String) claims.get("sub");
        TestOidcIssuer.TokenBuilder token = sample.token().subject(sub);
        claims.forEach(token::claim);
        Map<String, String> byArc = new TreeMap<>();
        extensionsForIssuer.apply(sample.url())
                .forEach((oid, value) -> byArc.put(oid.oid().substring(ARC.length()), value));
        assertIssued(token.sign(), sub, san, byArc);
    }

    @Test
    void missingRequiredClaimIsRefusedPerType() {
        assertTokenError(github().claim("run_attempt", null).sign(), "repo:octo-org/octo-repo:ref:refs/heads/main");
        assertTokenError(gitlab().claim("runner_id", null).sign(),
                "project_path:mygroup/myproject:ref_type:tag:ref:v1.2.3");
        assertTokenError(buildkite().claim("pipeline_slug", null).sign(),
                "organization:acme-inc:pipeline:super-duper-app:ref:refs/heads/main:commit:9f31:step:build");
        assertTokenError(codefresh().claim("workflow_id", null).sign(),
                "account:628a80b693a15c0f9c13ab75:pipeline:65e5a53e52853dc51a5b0cc1:initiator:dev");
        assertTokenError(chainguard().email("alice@example.com").sign(), "alice@example.com");
    }

    @Test
    void hostileClaimsAreRefusedPerType() {
        assertTokenError(github().claim("job_workflow_ref", "o/r/x.yml%@refs/heads/main").sign(),
                "repo:octo-org/octo-repo:ref:refs/heads/main");
        assertTokenError(gitlab().claim("ref_type", "merge_request").sign(),
                "project_path:mygroup/myproject:ref_type:tag:ref:v1.2.3");
        assertTokenError(gitlab().claim("ci_config_ref_uri", "gitlab.com/g/%zz").sign(),
                "project_path:mygroup/myproject:ref_type:tag:ref:v1.2.3");
        assertTokenError(codefresh().claim("platform_url", "https://user@evil.example").sign(),
                "account:628a80b693a15c0f9c13ab75:pipeline:65e5a53e52853dc51a5b0cc1:initiator:dev");
        assertTokenError(chainguard().subject("a/%zz").sign(), "a/%zz");
    }

    static void assertTokenError(String token, String challenge) {
        post(token, challenge).statusCode(400).contentType("application/json")
                .body("code", equalTo(3)).body("message", equalTo(TOKEN_ERROR)).body("details", empty());
    }

    static ValidatableResponse post(String token, String challenge) {
        String body = "{\"credentials\":{\"oidcIdentityToken\":\"" + token + "\"},\"publicKeyRequest\":{\"publicKey\":"
                + "{\"algorithm\":\"ECDSA\",\"content\":" + json(KEY.publicKeyPem()) + "},\"proofOfPossession\":\""
                + KEY.proof(challenge) + "\"}}";
        return given().contentType("application/json").body(body).post("/api/v2/signingCert").then();
    }

    /** Issues over v2 with a proof over {@code challenge}; asserts the URI SAN and exactly these Sigstore extensions. */
    static void assertIssued(String token, String challenge, String san, Map<String, String> sigstore)
            throws Exception {
        List<String> pems = post(token, challenge).statusCode(200).extract().jsonPath()
                .getList("signedCertificateEmbeddedSct.chain.certificates");
        X509Certificate leaf = LeafAssertions.parsePem(pems.get(0)).get(0);
        X509Certificate ca = LeafAssertions.parsePem(pems.get(1)).get(0);
        leaf.verify(ca.getPublicKey());
        X509CertificateHolder holder = new X509CertificateHolder(leaf.getEncoded());
        assertArrayEquals(KEY.keyPair().getPublic().getEncoded(), holder.getSubjectPublicKeyInfo().getEncoded());
        Extensions extensions = holder.getExtensions();

        Extension sanExtension = extensions.getExtension(Extension.subjectAlternativeName);
        assertTrue(sanExtension.isCritical(), "SAN is critical");
        GeneralName[] names = GeneralNames.getInstance(sanExtension.getParsedValue()).getNames();
        assertEquals(1, names.length, "exactly one SAN");
        assertEquals(GeneralName.uniformResourceIdentifier, names[0].getTagNo());
        assertEquals(san, DERIA5String.getInstance(names[0].getName()).getString());

        Map<String, String> found = new TreeMap<>();
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            if (!oid.getId().startsWith(ARC)) {
                continue;
            }
            String arc = oid.getId().substring(ARC.length());
            Extension extension = extensions.getExtension(oid);
            assertFalse(extension.isCritical(), oid + " is not critical");
            byte[] value = extension.getExtnValue().getOctets();
            if (Integer.parseInt(arc) <= 6) {
                found.put(arc, new String(value, StandardCharsets.UTF_8));
            } else {
                String text = DERUTF8String.getInstance(value).getString();
                assertArrayEquals(new DERUTF8String(text).getEncoded(), value, oid + " is exactly one DER UTF8String");
                found.put(arc, text);
            }
        }
        assertEquals(new TreeMap<>(sigstore), found, "the Sigstore extensions, and no others");
        for (Map.Entry<String, String> raw : sigstore.entrySet()) {
            if (Integer.parseInt(raw.getKey()) <= 6) {
                assertArrayEquals(raw.getValue().getBytes(StandardCharsets.UTF_8),
                        extensions.getExtension(new ASN1ObjectIdentifier(ARC + raw.getKey())).getExtnValue()
                                .getOctets(),
                        ".1." + raw.getKey() + " is the raw bytes");
            }
        }
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }
}
