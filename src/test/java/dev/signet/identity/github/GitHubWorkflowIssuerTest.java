package dev.signet.identity.github;

import static dev.signet.identity.IssuerTesting.assertRoundTrips;
import static dev.signet.identity.IssuerTesting.refused;
import static dev.signet.identity.IssuerTesting.token;
import static dev.signet.identity.IssuerTesting.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerTesting;
import dev.signet.identity.Principal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubWorkflowIssuerTest {
    static final String ISS = "https://token.actions.githubusercontent.com";
    static final Issuer ISSUER = IssuerTesting.issuer(ISS, "github-workflow");

    /** A token as GitHub Actions mints it (claims from GitHub's documentation example). */
    static Map<String, Object> claims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "repo:octo-org/octo-repo:environment:prod");
        claims.put("job_workflow_ref", "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main");
        claims.put("job_workflow_sha", "1111111111111111111111111111111111111111");
        claims.put("sha", "example-sha");
        claims.put("event_name", "workflow_dispatch");
        claims.put("repository", "octo-org/octo-repo");
        claims.put("workflow", "example-workflow");
        claims.put("ref", "refs/heads/main");
        claims.put("runner_environment", "github-hosted");
        claims.put("repository_id", "74");
        claims.put("repository_owner", "octo-org");
        claims.put("repository_owner_id", "65");
        claims.put("repository_visibility", "private");
        claims.put("workflow_ref", "octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main");
        claims.put("workflow_sha", "2222222222222222222222222222222222222222");
        claims.put("run_id", "example-run-id");
        claims.put("run_attempt", "1");
        claims.put("environment", "prod");
        return claims;
    }

    static CertificateIdentity embed(Map<String, Object> claims) {
        return ISSUER.principal(token(ISS, claims)).embed();
    }

    @Test
    void everyExtensionIsFilledAsFulcioDoes() {
        assertInstanceOf(GitHubWorkflowIssuer.class, ISSUER);
        Principal principal = ISSUER.principal(token(ISS, claims()));
        assertEquals("repo:octo-org/octo-repo:environment:prod", principal.name());
        CertificateIdentity identity = principal.embed();
        String san = "https://github.com/octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main";
        assertEquals(SubjectAltName.uri(san), identity.subjectAltName());
        assertRoundTrips(san, "github.com");
        Map<SigstoreOid, String> expected = new EnumMap<>(SigstoreOid.class);
        expected.put(SigstoreOid.ISSUER_V1, ISS);
        expected.put(SigstoreOid.GITHUB_WORKFLOW_TRIGGER, "workflow_dispatch");
        expected.put(SigstoreOid.GITHUB_WORKFLOW_SHA, "example-sha");
        expected.put(SigstoreOid.GITHUB_WORKFLOW_NAME, "example-workflow");
        expected.put(SigstoreOid.GITHUB_WORKFLOW_REPOSITORY, "octo-org/octo-repo");
        expected.put(SigstoreOid.GITHUB_WORKFLOW_REF, "refs/heads/main");
        expected.put(SigstoreOid.ISSUER_V2, ISS);
        expected.put(SigstoreOid.BUILD_SIGNER_URI, san);
        expected.put(SigstoreOid.BUILD_SIGNER_DIGEST, "1111111111111111111111111111111111111111");
        expected.put(SigstoreOid.RUNNER_ENVIRONMENT, "github-hosted");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_URI, "https://github.com/octo-org/octo-repo");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_DIGEST, "example-sha");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_REF, "refs/heads/main");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_IDENTIFIER, "74");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_OWNER_URI, "https://github.com/octo-org");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER, "65");
        expected.put(SigstoreOid.BUILD_CONFIG_URI,
                "https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main");
        expected.put(SigstoreOid.BUILD_CONFIG_DIGEST, "2222222222222222222222222222222222222222");
        expected.put(SigstoreOid.BUILD_TRIGGER, "workflow_dispatch");
        expected.put(SigstoreOid.RUN_INVOCATION_URI,
                "https://github.com/octo-org/octo-repo/actions/runs/example-run-id/attempts/1");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING, "private");
        expected.put(SigstoreOid.TOKEN_SUBJECT, "repo:octo-org/octo-repo:environment:prod");
        assertEquals(expected, identity.extensions(), "no .1.23 for the legacy type, even with an environment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"job_workflow_ref", "sha", "event_name", "repository", "workflow", "ref",
            "job_workflow_sha", "runner_environment", "repository_id", "repository_owner", "repository_owner_id",
            "repository_visibility", "workflow_ref", "workflow_sha", "run_id", "run_attempt"})
    void eachRequiredClaimMissingOrEmptyIsRefused(String claim) {
        assertEquals("missing " + claim + " claim in ID token", refused(ISSUER, with(claims(), claim, null)));
        assertEquals("missing " + claim + " claim in ID token", refused(ISSUER, with(claims(), claim, "")));
    }

    @Test
    void numericIdsAreWrittenAsGoPrintsThem() {
        Map<String, Object> claims = with(with(claims(), "repository_id", 74L), "run_id", 1234567890123L);
        CertificateIdentity identity = embed(claims);
        assertEquals("74", identity.extensions().get(SigstoreOid.SOURCE_REPOSITORY_IDENTIFIER));
        assertEquals("https://github.com/octo-org/octo-repo/actions/runs/1234567890123/attempts/1",
                identity.extensions().get(SigstoreOid.RUN_INVOCATION_URI));
        refused(ISSUER, with(claims(), "run_id", Map.of("nested", "object")));
    }

    @Test
    void markupIsWrittenVerbatim() {
        String name = "Build <\"release\"> & deploy";
        CertificateIdentity identity = embed(with(with(claims(), "workflow", name), "ref", "refs/heads/a&b"));
        assertEquals(name, identity.extensions().get(SigstoreOid.GITHUB_WORKFLOW_NAME));
        assertEquals("refs/heads/a&b", identity.extensions().get(SigstoreOid.GITHUB_WORKFLOW_REF));
        assertEquals("refs/heads/a&b", identity.extensions().get(SigstoreOid.SOURCE_REPOSITORY_REF));
    }

    /** Malformed escapes (Go's JoinPath would return the bare base) and the Claims checks. */
    @ParameterizedTest
    @ValueSource(strings = {"job_workflow_ref", "repository", "workflow_ref"})
    void pathClaimsGoCannotJoinAreRefused(String claim) {
        for (String bad : new String[] {"o/r/x.yml\n@refs/heads/main", "o/r/x.yml\t", "o/r/%zz", "o/r/%2",
                "o/r/x\u202e.yml"}) {
            refused(ISSUER, with(claims(), claim, bad));
        }
    }

    /** Fulcio's {@code baseURL.JoinPath(claim)}: '?', '#', spaces and non-ASCII escaped, dot segments cleaned. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "job_workflow_ref|BUILD_SIGNER_URI", "repository|SOURCE_REPOSITORY_URI", "workflow_ref|BUILD_CONFIG_URI"})
    void pathClaimsAreJoinedAsFulcioJoinsThem(String claim, SigstoreOid oid) {
        Map<String, String> joined = Map.of("o/r/x.yml?x=1", "o/r/x.yml%3Fx=1", "o/r/x.yml#frag", "o/r/x.yml%23frag",
                "o/r/../../evil/x.yml", "evil/x.yml", "o/r/%2e%2E/x", "o/r/%2e%2E/x", "o/r/x.yml @refs",
                "o/r/x.yml%20@refs", "o/r/\u00e9.yml", "o/r/%C3%A9.yml", "/o/r/x.yml", "o/r/x.yml", "./o", "o");
        joined.forEach((value, path) -> {
            String uri = embed(with(claims(), claim, value)).extensions().get(oid);
            assertEquals("https://github.com/" + path, uri, value);
            assertRoundTrips(uri, "github.com");
        });
    }

    @Test
    void encodedSlashIsKeptAndRoundTrips() {
        String ref = "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/feature%2Fx";
        String san = embed(with(claims(), "job_workflow_ref", ref)).subjectAltName().value();
        assertEquals("https://github.com/" + ref, san);
        assertEquals("/" + ref, assertRoundTrips(san, "github.com").getRawPath());
    }

    @Test
    void charactersAUriCannotHoldAreEncoded() {
        String ref = "o/r/.github/workflows/x.yml@refs/heads/a<b>{c}|\"d\"";
        String san = embed(with(claims(), "job_workflow_ref", ref)).subjectAltName().value();
        assertEquals("https://github.com/o/r/.github/workflows/x.yml@refs/heads/a%3Cb%3E%7Bc%7D%7C%22d%22", san);
        assertRoundTrips(san, "github.com");
    }

    @Test
    void hostStaysGitHub() {
        String san = embed(with(claims(), "job_workflow_ref", "@evil.example/x.yml@refs/heads/main"))
                .subjectAltName().value();
        assertRoundTrips(san, "github.com");
        String cleaned = embed(with(claims(), "job_workflow_ref", "//evil.example/x.yml")).subjectAltName().value();
        assertEquals("https://github.com/evil.example/x.yml", cleaned);
        assertRoundTrips(cleaned, "github.com");
    }

    @Test
    void singleValueClaimsAreJoinedAsPathsToo() {
        CertificateIdentity identity = embed(with(with(with(claims(), "repository_owner", "octo/../org?x"),
                "run_id", "12?3#4"), "run_attempt", "1/2"));
        String owner = identity.extensions().get(SigstoreOid.SOURCE_REPOSITORY_OWNER_URI);
        assertEquals("https://github.com/org%3Fx", owner);
        assertRoundTrips(owner, "github.com");
        String run = identity.extensions().get(SigstoreOid.RUN_INVOCATION_URI);
        assertEquals("https://github.com/octo-org/octo-repo/actions/runs/12%3F3%234/attempts/1/2", run);
        assertRoundTrips(run, "github.com");
    }

    @Test
    void controlCharactersAndOverlongClaimsAreRefused() {
        refused(ISSUER, with(claims(), "workflow", "name\nInjected: header"));
        refused(ISSUER, with(claims(), "workflow", "w".repeat(Claims.MAX_VALUE_LENGTH + 1)));
        refused(ISSUER, with(claims(), "sha", "s".repeat(Claims.MAX_VALUE_LENGTH + 1)));
        // each part fits, the URI built from it does not
        refused(ISSUER, with(claims(), "job_workflow_ref", "o/r/" + "x".repeat(Claims.MAX_VALUE_LENGTH - 10)));
        refused(ISSUER, with(claims(), "sub", "s".repeat(Claims.MAX_VALUE_LENGTH + 1)));
    }
}
