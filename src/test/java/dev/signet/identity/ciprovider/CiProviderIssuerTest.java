package dev.signet.identity.ciprovider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.config.CiIssuerMetadata;
import dev.signet.config.ExtensionTemplateKey;
import dev.signet.config.IdentityConfig;
import dev.signet.config.IdentityConfigLoader;
import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerFactory;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.oidc.VerifiedToken;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CiProviderIssuerTest {
    static final IdentityConfig PUBLIC_GOOD = IdentityConfigLoader.load(Path.of("config/fulcio-public-good.yaml"));
    static final String GITHUB = "https://token.actions.githubusercontent.com";
    static final String CIRCLECI = "https://oidc.circleci.com";

    static Issuer issuer(String url) {
        return IssuerFactory.create(PUBLIC_GOOD.oidcIssuers().get(url), PUBLIC_GOOD, "test");
    }

    static VerifiedToken token(String issuer, Map<String, Object> claims) {
        Map<String, Object> all = new HashMap<>(claims);
        all.put("iss", issuer);
        all.putIfAbsent("aud", "sigstore");
        return new VerifiedToken(issuer, (String) all.get("sub"), all);
    }

    /** The claims GitHub Actions puts into a token for a job of a release workflow calling a reusable workflow. */
    static Map<String, Object> githubClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "repo:octo-org/octo-repo:environment:prod");
        claims.put("jti", "5f5a1c4e-7c4f-4b53-9a1f-3f6f2e1a9d10");
        claims.put("ref", "refs/heads/main");
        claims.put("sha", "8f1d9c3e2b7a4f60c5d1e2f3a4b5c6d7e8f90123");
        claims.put("repository", "octo-org/octo-repo");
        claims.put("repository_owner", "octo-org");
        claims.put("repository_owner_id", "1234567");
        claims.put("repository_id", "765432");
        claims.put("repository_visibility", "public");
        claims.put("run_id", "9876543210");
        claims.put("run_number", "42");
        claims.put("run_attempt", "2");
        claims.put("runner_environment", "github-hosted");
        claims.put("actor", "octocat");
        claims.put("actor_id", "583231");
        claims.put("workflow", "Release");
        claims.put("head_ref", "");
        claims.put("base_ref", "");
        claims.put("event_name", "push");
        claims.put("ref_type", "branch");
        claims.put("ref_protected", "true");
        claims.put("environment", "prod");
        claims.put("job_workflow_ref", "octo-org/shared/.github/workflows/build.yml@refs/tags/v2");
        claims.put("job_workflow_sha", "aaaabbbbccccddddeeeeffff0000111122223333");
        claims.put("workflow_ref", "octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main");
        claims.put("workflow_sha", "8f1d9c3e2b7a4f60c5d1e2f3a4b5c6d7e8f90123");
        claims.put("exp", 1767225600L);
        claims.put("iat", 1767225300L);
        return claims;
    }

    /** What Fulcio's public-good GitHub metadata writes for {@link #githubClaims()}. */
    static Map<SigstoreOid, String> githubExtensions() {
        Map<SigstoreOid, String> expected = new EnumMap<>(SigstoreOid.class);
        expected.put(SigstoreOid.ISSUER_V1, GITHUB);
        expected.put(SigstoreOid.GITHUB_WORKFLOW_TRIGGER, "push");
        expected.put(SigstoreOid.GITHUB_WORKFLOW_SHA, "8f1d9c3e2b7a4f60c5d1e2f3a4b5c6d7e8f90123");
        expected.put(SigstoreOid.GITHUB_WORKFLOW_NAME, "Release");
        expected.put(SigstoreOid.GITHUB_WORKFLOW_REPOSITORY, "octo-org/octo-repo");
        expected.put(SigstoreOid.GITHUB_WORKFLOW_REF, "refs/heads/main");
        expected.put(SigstoreOid.ISSUER_V2, GITHUB);
        expected.put(SigstoreOid.BUILD_SIGNER_URI,
                "https://github.com/octo-org/shared/.github/workflows/build.yml@refs/tags/v2");
        expected.put(SigstoreOid.BUILD_SIGNER_DIGEST, "aaaabbbbccccddddeeeeffff0000111122223333");
        expected.put(SigstoreOid.RUNNER_ENVIRONMENT, "github-hosted");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_URI, "https://github.com/octo-org/octo-repo");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_DIGEST, "8f1d9c3e2b7a4f60c5d1e2f3a4b5c6d7e8f90123");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_REF, "refs/heads/main");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_IDENTIFIER, "765432");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_OWNER_URI, "https://github.com/octo-org");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER, "1234567");
        expected.put(SigstoreOid.BUILD_CONFIG_URI,
                "https://github.com/octo-org/octo-repo/.github/workflows/release.yml@refs/heads/main");
        expected.put(SigstoreOid.BUILD_CONFIG_DIGEST, "8f1d9c3e2b7a4f60c5d1e2f3a4b5c6d7e8f90123");
        expected.put(SigstoreOid.BUILD_TRIGGER, "push");
        expected.put(SigstoreOid.RUN_INVOCATION_URI,
                "https://github.com/octo-org/octo-repo/actions/runs/9876543210/attempts/2");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING, "public");
        expected.put(SigstoreOid.DEPLOYMENT_ENVIRONMENT, "prod");
        expected.put(SigstoreOid.TOKEN_SUBJECT, "repo:octo-org/octo-repo:environment:prod");
        return expected;
    }

    static SignetException refused(Issuer issuer, VerifiedToken token) {
        SignetException e = assertThrows(SignetException.class, () -> issuer.principal(token));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
        return e;
    }

    static IssuerConfig ciIssuer(String url, String provider) {
        return new IssuerConfig(url, "sigstore", "ci-provider", Optional.ofNullable(provider), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false);
    }

    static Issuer custom(Map<String, String> defaults, Map<SigstoreOid, String> templates, String san) {
        IdentityConfig identity = new IdentityConfig(Map.of(), Map.of(),
                Map.of("ci", new CiIssuerMetadata(defaults, byKey(templates), san)));
        return IssuerFactory.create(ciIssuer("https://ci.example", "ci"), identity, "test");
    }

    /** The identity file's keys for these extensions (the two enums name them alike). */
    static Map<ExtensionTemplateKey, String> byKey(Map<SigstoreOid, String> templates) {
        Map<ExtensionTemplateKey, String> byKey = new java.util.EnumMap<>(ExtensionTemplateKey.class);
        templates.forEach((oid, template) -> byKey.put(ExtensionTemplateKey.valueOf(oid.name()), template));
        return byKey;
    }

    @Test
    void githubActionsTokenGetsExactlyFulciosExtensions() {
        Issuer issuer = issuer(GITHUB);
        assertEquals(IssuerType.CI_PROVIDER, issuer.type());
        Principal principal = issuer.principal(token(GITHUB, githubClaims()));
        assertEquals("repo:octo-org/octo-repo:environment:prod", principal.name());
        CertificateIdentity identity = principal.embed();
        assertEquals(SubjectAltName.uri("https://github.com/octo-org/shared/.github/workflows/build.yml@refs/tags/v2"),
                identity.subjectAltName());
        assertEquals(githubExtensions(), identity.extensions());
    }

    @Test
    void deploymentEnvironmentIsOmittedWhenTheJobHasNone() {
        Map<String, Object> claims = githubClaims();
        claims.remove("environment");
        Map<SigstoreOid, String> expected = githubExtensions();
        expected.remove(SigstoreOid.DEPLOYMENT_ENVIRONMENT);
        assertEquals(expected, issuer(GITHUB).principal(token(GITHUB, claims)).embed().extensions());
    }

    @Test
    void numericClaimsAreWrittenAsIntegers() {
        Map<String, Object> claims = githubClaims();
        claims.put("run_id", 9876543210L);
        claims.put("run_attempt", 2.0);
        claims.put("repository_id", 7.65432e5);
        Map<SigstoreOid, String> extensions = issuer(GITHUB).principal(token(GITHUB, claims)).embed().extensions();
        assertEquals("https://github.com/octo-org/octo-repo/actions/runs/9876543210/attempts/2",
                extensions.get(SigstoreOid.RUN_INVOCATION_URI));
        assertEquals("765432", extensions.get(SigstoreOid.SOURCE_REPOSITORY_IDENTIFIER));
    }

    @Test
    void aMissingRequiredClaimRefusesTheToken() {
        Map<String, Object> claims = githubClaims();
        claims.remove("job_workflow_ref");
        String detail = refused(issuer(GITHUB), token(GITHUB, claims)).getMessage();
        assertTrue(detail.contains("value <job_workflow_ref> not present in either claims or defaults"), detail);
        assertTrue(detail.contains("SubjectAlternativeName"), detail);

        Map<String, Object> noSha = githubClaims();
        noSha.remove("sha");
        String bare = refused(issuer(GITHUB), token(GITHUB, noSha)).getMessage();
        assertTrue(bare.contains("value <sha> not present in either claims or defaults"), bare);
    }

    @Test
    void claimsWinOverDefaults() {
        Map<String, Object> claims = githubClaims();
        claims.put("url", "https://ghe.example");
        CertificateIdentity identity = issuer(GITHUB).principal(token(GITHUB, claims)).embed();
        assertEquals("https://ghe.example/octo-org/shared/.github/workflows/build.yml@refs/tags/v2",
                identity.subjectAltName().value());
        assertEquals("https://ghe.example/octo-org",
                identity.extensions().get(SigstoreOid.SOURCE_REPOSITORY_OWNER_URI));
    }

    @Test
    void circleCiClaimsAreReachedWithIndex() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "org/0b7e-org/project/1c2d-project/user/3e4f-user");
        claims.put("oidc.circleci.com/project-id", "1c2d-project");
        claims.put("oidc.circleci.com/pipeline-definition-id", "5a6b-definition");
        claims.put("oidc.circleci.com/pipeline-id", "7c8d-pipeline");
        claims.put("oidc.circleci.com/workflow-id", "9e0f-workflow");
        claims.put("oidc.circleci.com/job-id", "1a2b-job");
        claims.put("oidc.circleci.com/vcs-origin", "github.com/octo-org/octo-repo");
        claims.put("oidc.circleci.com/vcs-ref", "refs/heads/main");
        claims.put("oidc.circleci.com/context-ids", java.util.List.of("c1", "c2"));
        claims.put("oidc.circleci.com/ssh-rerun", true);
        Issuer issuer = issuer(CIRCLECI);
        CertificateIdentity identity = issuer.principal(token(CIRCLECI, claims)).embed();
        assertEquals(SubjectAltName.uri(
                "https://circleci.com/api/v2/projects/1c2d-project/pipeline-definitions/5a6b-definition"),
                identity.subjectAltName());
        Map<SigstoreOid, String> expected = new EnumMap<>(SigstoreOid.class);
        expected.put(SigstoreOid.ISSUER_V1, CIRCLECI);
        expected.put(SigstoreOid.ISSUER_V2, CIRCLECI);
        expected.put(SigstoreOid.BUILD_SIGNER_URI,
                "https://circleci.com/api/v2/projects/1c2d-project/pipeline-definitions/5a6b-definition");
        expected.put(SigstoreOid.RUNNER_ENVIRONMENT, "ssh-rerun");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_URI, "github.com/octo-org/octo-repo");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_REF, "refs/heads/main");
        expected.put(SigstoreOid.BUILD_CONFIG_URI, "https://circleci.com/api/v2/pipeline/7c8d-pipeline/config");
        // The public-good platform_url ends in "/", so Fulcio's URL has "//" here too.
        expected.put(SigstoreOid.RUN_INVOCATION_URI, "https://app.circleci.com//workflow/9e0f-workflow/job/1a2b-job");
        expected.put(SigstoreOid.TOKEN_SUBJECT, "org/0b7e-org/project/1c2d-project/user/3e4f-user");
        assertEquals(expected, identity.extensions());

        // Without the ssh-rerun claim, index gives "" and the extension is left out.
        claims.remove("oidc.circleci.com/ssh-rerun");
        expected.remove(SigstoreOid.RUNNER_ENVIRONMENT);
        assertEquals(expected, issuer.principal(token(CIRCLECI, claims)).embed().extensions());
        claims.put("oidc.circleci.com/ssh-rerun", false);
        assertEquals(expected, issuer.principal(token(CIRCLECI, claims)).embed().extensions());
    }

    @Test
    void missingMetadataIsAConfigError() {
        InvalidIdentityConfigException e = assertThrows(InvalidIdentityConfigException.class,
                () -> IssuerFactory.create(ciIssuer("https://ci.example", "travis"), PUBLIC_GOOD, "x.yaml: issuer ci"));
        assertEquals("x.yaml: issuer ci: metadata not found for ci provider travis, issuer: https://ci.example",
                e.getMessage());
        InvalidIdentityConfigException none = assertThrows(InvalidIdentityConfigException.class,
                () -> IssuerFactory.create(ciIssuer("https://ci.example", null), PUBLIC_GOOD, "here"));
        assertEquals("here: metadata not found for ci provider , issuer: https://ci.example", none.getMessage());
    }

    @Test
    void emptySanTemplateIsAConfigError() {
        for (String san : new String[] {"", "  \n"}) {
            InvalidIdentityConfigException e = assertThrows(InvalidIdentityConfigException.class,
                    () -> custom(Map.of(), Map.of(), san));
            assertEquals("test: SubjectAlternativeNameTemplate should not be empty. Issuer: https://ci.example",
                    e.getMessage());
        }
    }

    @Test
    void issuerAndSubjectAlwaysComeFromTheToken() {
        // The identity file's Issuer and Subject keys: accepted as Fulcio accepts them, never used.
        IdentityConfig withFakes = new IdentityConfig(Map.of(), Map.of(), Map.of("ci",
                new CiIssuerMetadata(Map.of("fake", "https://evil.example"),
                        Map.of(ExtensionTemplateKey.ISSUER, "{{ .fake }}", ExtensionTemplateKey.SUBJECT, "{{ .fake }}"),
                        "https://ci.example/{{ .job }}")));
        Issuer issuer = IssuerFactory.create(ciIssuer("https://ci.example", "ci"), withFakes, "test");
        CertificateIdentity identity = issuer.principal(token("https://ci.example",
                Map.of("sub", "job-sub", "job", "7"))).embed();
        assertEquals(Map.of(SigstoreOid.ISSUER_V1, "https://ci.example", SigstoreOid.ISSUER_V2, "https://ci.example",
                SigstoreOid.TOKEN_SUBJECT, "job-sub"), identity.extensions());
        assertEquals("https://ci.example/7", identity.subjectAltName().value());
    }

    @Test
    void valuesAreVerbatimButCheckedAndCapped() {
        Issuer issuer = custom(Map.of(), Map.of(SigstoreOid.BUILD_TRIGGER, "{{ .trigger }}&<\"x\">",
                SigstoreOid.RUNNER_ENVIRONMENT, "runner"), "https://ci.example/{{ .job }}");
        Map<String, Object> claims = new HashMap<>(Map.of("sub", "s", "job", "1", "trigger", "<b>&amp;\"'</b>",
                "runner", ""));
        Map<SigstoreOid, String> extensions =
                issuer.principal(token("https://ci.example", claims)).embed().extensions();
        assertEquals("<b>&amp;\"'</b>&<\"x\">", extensions.get(SigstoreOid.BUILD_TRIGGER));
        assertFalse(extensions.containsKey(SigstoreOid.RUNNER_ENVIRONMENT), "an empty value writes no extension");

        claims.put("trigger", "line\nbreak");
        assertTrue(refused(issuer, token("https://ci.example", claims)).getMessage()
                .contains("control or format character"));
        claims.put("trigger", "x".repeat(1020));
        assertTrue(refused(issuer, token("https://ci.example", claims)).getMessage().contains("longer than"));
    }

    @Test
    void sanMustBeAnAbsoluteHttpUri() {
        Issuer issuer = custom(Map.of(), Map.of(), "{{ .where }}");
        for (String bad : new String[] {"javascript:alert(1)", "relative/path", "https://", "https://h/100%",
                "https://u@h/x", "https://h/x?a b", ""}) {
            refused(issuer, token("https://ci.example", Map.of("sub", "s", "where", bad)));
        }
        // Fulcio writes url.Parse(san).String(): the path escaped as Go escapes it
        assertEquals("https://h/a%20b/%C3%A9", issuer.principal(token("https://ci.example",
                Map.of("sub", "s", "where", "https://h/a b/\u00e9"))).embed().subjectAltName().value());
        assertEquals("https://ci.example/ok?x=1#y", issuer.principal(token("https://ci.example",
                Map.of("sub", "s", "where", "https://ci.example/ok?x=1#y"))).embed().subjectAltName().value());
    }

    @Test
    void objectClaimsAreNeverWritten() {
        Issuer issuer = custom(Map.of(), Map.of(SigstoreOid.BUILD_TRIGGER, "ctx"), "https://ci.example/{{ .ctx.id }}");
        Map<String, Object> claims = Map.of("sub", "s", "ctx", Map.of("id", 42L));
        assertTrue(refused(issuer, token("https://ci.example", claims)).getMessage().contains("JSON object"));
        Issuer nested =
                custom(Map.of(), Map.of(SigstoreOid.BUILD_TRIGGER, "{{ .ctx.id }}"), "https://ci.example/{{ .sub }}");
        assertEquals("42", nested.principal(token("https://ci.example", claims)).embed().extensions()
                .get(SigstoreOid.BUILD_TRIGGER));
    }
}
