package dev.signet.identity;

import static dev.signet.identity.CiIdentityTypesApiTest.ARC;
import static dev.signet.identity.CiIdentityTypesApiTest.assertIssued;
import static dev.signet.identity.CiIdentityTypesApiTest.assertTokenError;
import static dev.signet.identity.CiIdentityTypesApiTest.issuer;

import dev.signet.certificate.SigstoreOid;
import dev.signet.identity.ciprovider.CiProviderSamplesTest;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Tokens whose path-like claims hold {@code #}, {@code ?}, spaces, non-ASCII letters or dot segments get the
 * certificate Fulcio issues for them (SAN and extension bytes, read back from the DER): every URI built with Go's
 * {@code url.JoinPath} or {@code url.Parse(...).String()} as in Fulcio's pkg/identity/*&#47;principal.go, the raw
 * claims in the text extensions. Expected values follow the rules pinned in {@link UriPathTest}.
 */
@QuarkusTest
@WithTestResource(CiIssuersTestResource.class)
class PathLikeClaimsApiTest {
    static final String GITHUB_SUB = "repo:octo-org/octo-repo:ref:refs/heads/fix#12";

    @Test
    void githubWorkflowWithHashSpaceAndNonAsciiInRefs() throws Exception {
        String iss = issuer("github-workflow").url();
        String token = CiIdentityTypesApiTest.github().subject(GITHUB_SUB)
                .claim("job_workflow_ref", "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/fix#12")
                .claim("workflow_ref", "octo-org/octo-repo/.github/workflows/release.yml@refs/heads/caf\u00e9 au lait")
                .claim("ref", "refs/heads/fix#12")
                .claim("repository_owner", "octo-org/../octo?org")
                .sign();
        String san = "https://github.com/octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/fix%2312";
        Map<String, String> expected = CiIdentityTypesApiTest.githubExtensions(iss);
        expected.put("6", "refs/heads/fix#12");
        expected.put("9", san);
        expected.put("14", "refs/heads/fix#12");
        expected.put("16", "https://github.com/octo%3Forg"); // JoinPath cleans "x/.." away, then escapes '?'
        expected.put("18", "https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/heads/"
                + "caf%C3%A9%20au%20lait");
        expected.put("24", GITHUB_SUB);
        assertIssued(token, GITHUB_SUB, san, expected);
    }

    @Test
    void githubWorkflowWithQuestionMarkAndEscapeInTheRef() throws Exception {
        String token = CiIdentityTypesApiTest.github()
                .claim("job_workflow_ref", "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/a?b%2Fc")
                .sign();
        String san = "https://github.com/octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/a%3Fb/c";
        Map<String, String> expected = CiIdentityTypesApiTest.githubExtensions(issuer("github-workflow").url());
        expected.put("9", san);
        assertIssued(token, "repo:octo-org/octo-repo:ref:refs/heads/main", san, expected);
    }

    @Test
    void gitlabPipelineWithHashSpaceAndNonAscii() throws Exception {
        String iss = issuer("gitlab-pipeline").url();
        String sub = "project_path:mygroup/myproject:ref_type:tag:ref:v1.2.3";
        String token = CiIdentityTypesApiTest.gitlab()
                .claim("project_path", "mygroup/caf\u00e9")
                .claim("ci_config_ref_uri", "gitlab.com/mygroup/caf\u00e9//.gitlab-ci.yml@refs/tags/v1 #2")
                .sign();
        String san = "https://gitlab.com/mygroup/caf%C3%A9//.gitlab-ci.yml@refs/tags/v1%20#2";
        Map<String, String> expected = CiIdentityTypesApiTest.gitlabExtensions(iss);
        expected.put("9", san);
        expected.put("12", "https://gitlab.com/mygroup/caf%C3%A9");
        expected.put("18", san);
        expected.put("21", "https://gitlab.com/mygroup/caf%C3%A9/-/jobs/302");
        assertIssued(token, sub, san, expected);
    }

    @Test
    void codefreshWorkflowWithSpaceAndHashInThePipelineName() throws Exception {
        String iss = issuer("codefresh-workflow").url();
        String sub = "account:628a80b693a15c0f9c13ab75:pipeline:65e5a53e52853dc51a5b0cc1:initiator:dev";
        String token = CiIdentityTypesApiTest.codefresh().claim("pipeline_name", "oidc-test/get token#1").sign();
        Map<String, String> expected = CiIdentityTypesApiTest.codefreshExtensions(iss);
        assertIssued(token, sub, "https://g.codefresh.io/codefresh-account/oidc-test/get%20token%231:"
                + "628a80b693a15c0f9c13ab75/65e5a53e52853dc51a5b0cc1", expected);
    }

    @Test
    void chainguardSubjectWithDotSegmentsSpaceAndEmoji() throws Exception {
        String iss = issuer("chainguard-identity").url();
        String sub = "c9e4b6/../6b1b/./\uD83D\uDE80 x";
        String token = CiIdentityTypesApiTest.chainguard().subject(sub).sign();
        assertIssued(token, sub, iss + "/6b1b/%F0%9F%9A%80%20x", Map.of("1", iss, "8", iss, "24", sub));
    }

    /** The Forgejo sample's ci-provider SAN template, with a branch holding '#' and a repository with a non-ASCII letter. */
    @Test
    void ciProviderSanIsGosParseThenString() throws Exception {
        TestOidcIssuer sample = issuer("forgejo-actions");
        Map<String, Object> claims = CiProviderSamplesTest.forgejoClaims();
        claims.put("ref", "refs/heads/fix#12");
        claims.put("repository", "acme/caf\u00e9");
        String sub = (String) claims.get("sub");
        TestOidcIssuer.TokenBuilder token = sample.token().subject(sub);
        claims.forEach(token::claim);
        Map<String, String> expected = new TreeMap<>();
        CiProviderSamplesTest.forgejoExtensions(sample.url()).forEach((oid, value) -> expected.put(
                oid.oid().substring(ARC.length()), oid == SigstoreOid.TOKEN_SUBJECT ? value
                        : value.replace("refs/tags/v1.4.0", "refs/heads/fix#12").replace("acme/widget",
                                "acme/caf\u00e9")));
        assertIssued(token.sign(), sub,
                "https://codeberg.org/acme/caf%C3%A9/actions?workflow=release.yml&ref=refs/heads/fix#12", expected);
    }

    /** What Go rejects (a malformed escape), and what would leave the URI naming no workflow, stays a 400. */
    @Test
    void malformedEscapesAndHostChangesAreRefused() {
        assertTokenError(CiIdentityTypesApiTest.github()
                .claim("job_workflow_ref", "o/r/.github/workflows/x.yml@refs/heads/100%").sign(),
                "repo:octo-org/octo-repo:ref:refs/heads/main");
        assertTokenError(CiIdentityTypesApiTest.gitlab().claim("ci_config_ref_uri", "evil@gitlab.com/g/p").sign(),
                "project_path:mygroup/myproject:ref_type:tag:ref:v1.2.3");
        assertTokenError(CiIdentityTypesApiTest.chainguard().subject("a%zz").sign(), "a%zz");
    }
}
