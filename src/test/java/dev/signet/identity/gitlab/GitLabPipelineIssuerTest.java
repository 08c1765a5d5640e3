package dev.signet.identity.gitlab;

import static dev.signet.identity.IssuerTesting.assertRoundTrips;
import static dev.signet.identity.IssuerTesting.refused;
import static dev.signet.identity.IssuerTesting.token;
import static dev.signet.identity.IssuerTesting.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerTesting;
import dev.signet.identity.Principal;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitLabPipelineIssuerTest {
    static final String ISS = "https://gitlab.com";
    static final Issuer ISSUER = IssuerTesting.issuer(ISS, "gitlab-pipeline");

    /** A token as GitLab CI mints it (claims from GitLab's documentation example). */
    static Map<String, Object> claims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "project_path:mygroup/myproject:ref_type:branch:ref:main");
        claims.put("namespace_id", "72");
        claims.put("namespace_path", "mygroup");
        claims.put("project_id", "20");
        claims.put("project_path", "mygroup/myproject");
        claims.put("project_visibility", "public");
        claims.put("pipeline_id", "574");
        claims.put("pipeline_source", "push");
        claims.put("job_id", "302");
        claims.put("ref", "main");
        claims.put("ref_type", "branch");
        claims.put("ref_protected", "true");
        claims.put("runner_id", 1L);
        claims.put("runner_environment", "gitlab-hosted");
        claims.put("sha", "714a629c0b401fdce83e847fc9589983fc6f46bc");
        claims.put("ci_config_ref_uri", "gitlab.com/mygroup/myproject//.gitlab-ci.yml@refs/heads/main");
        claims.put("ci_config_sha", "714a629c0b401fdce83e847fc9589983fc6f46bc");
        return claims;
    }

    static CertificateIdentity embed(Map<String, Object> claims) {
        return ISSUER.principal(token(ISS, claims)).embed();
    }

    @Test
    void everyExtensionIsFilledAsFulcioDoes() {
        assertInstanceOf(GitLabPipelineIssuer.class, ISSUER);
        Principal principal = ISSUER.principal(token(ISS, claims()));
        assertEquals("project_path:mygroup/myproject:ref_type:branch:ref:main", principal.name());
        CertificateIdentity identity = principal.embed();
        String san = "https://gitlab.com/mygroup/myproject//.gitlab-ci.yml@refs/heads/main";
        assertEquals(SubjectAltName.uri(san), identity.subjectAltName());
        assertRoundTrips(san, "gitlab.com");
        Map<SigstoreOid, String> expected = new EnumMap<>(SigstoreOid.class);
        expected.put(SigstoreOid.ISSUER_V1, ISS);
        expected.put(SigstoreOid.ISSUER_V2, ISS);
        expected.put(SigstoreOid.BUILD_SIGNER_URI, san);
        expected.put(SigstoreOid.BUILD_SIGNER_DIGEST, "714a629c0b401fdce83e847fc9589983fc6f46bc");
        expected.put(SigstoreOid.RUNNER_ENVIRONMENT, "gitlab-hosted");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_URI, "https://gitlab.com/mygroup/myproject");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_DIGEST, "714a629c0b401fdce83e847fc9589983fc6f46bc");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_REF, "refs/heads/main");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_IDENTIFIER, "20");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_OWNER_URI, "https://gitlab.com/mygroup");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER, "72");
        expected.put(SigstoreOid.BUILD_CONFIG_URI, san);
        expected.put(SigstoreOid.BUILD_CONFIG_DIGEST, "714a629c0b401fdce83e847fc9589983fc6f46bc");
        expected.put(SigstoreOid.BUILD_TRIGGER, "push");
        expected.put(SigstoreOid.RUN_INVOCATION_URI, "https://gitlab.com/mygroup/myproject/-/jobs/302");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING, "public");
        expected.put(SigstoreOid.TOKEN_SUBJECT, "project_path:mygroup/myproject:ref_type:branch:ref:main");
        assertEquals(expected, identity.extensions());
    }

    @Test
    void tagRefAndOptionalClaimsAbsent() {
        Map<String, Object> claims = with(with(with(claims(), "ref_type", "tag"), "ref", "v1.0.0"),
                "ci_config_sha", null);
        CertificateIdentity identity = embed(with(claims, "project_visibility", null));
        assertEquals("refs/tags/v1.0.0", identity.extensions().get(SigstoreOid.SOURCE_REPOSITORY_REF));
        assertFalse(identity.extensions().containsKey(SigstoreOid.BUILD_SIGNER_DIGEST));
        assertFalse(identity.extensions().containsKey(SigstoreOid.BUILD_CONFIG_DIGEST));
        assertFalse(identity.extensions().containsKey(SigstoreOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING));
        assertEquals(java.util.EnumSet.of(SigstoreOid.ISSUER_V1, SigstoreOid.ISSUER_V2, SigstoreOid.BUILD_SIGNER_URI,
                SigstoreOid.RUNNER_ENVIRONMENT, SigstoreOid.SOURCE_REPOSITORY_URI, SigstoreOid.SOURCE_REPOSITORY_DIGEST,
                SigstoreOid.SOURCE_REPOSITORY_REF, SigstoreOid.SOURCE_REPOSITORY_IDENTIFIER,
                SigstoreOid.SOURCE_REPOSITORY_OWNER_URI, SigstoreOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER,
                SigstoreOid.BUILD_CONFIG_URI, SigstoreOid.BUILD_TRIGGER, SigstoreOid.RUN_INVOCATION_URI,
                SigstoreOid.TOKEN_SUBJECT), identity.extensions().keySet());
    }

    @Test
    void selfManagedHostIsKeptInTheSanButProjectUrisStayOnGitLabCom() {
        CertificateIdentity identity = embed(with(claims(), "ci_config_ref_uri",
                "gitlab.example.org:8443/grp/proj//.gitlab-ci.yml@refs/heads/main"));
        String san = identity.subjectAltName().value();
        assertEquals("https://gitlab.example.org:8443/grp/proj//.gitlab-ci.yml@refs/heads/main", san);
        assertRoundTrips(san, "gitlab.example.org");
        assertEquals("https://gitlab.com/mygroup/myproject",
                identity.extensions().get(SigstoreOid.SOURCE_REPOSITORY_URI));
    }

    @ParameterizedTest
    @ValueSource(strings = {"project_path", "pipeline_source", "pipeline_id", "ci_config_ref_uri", "job_id", "ref",
            "ref_type", "namespace_path", "namespace_id", "project_id", "sha", "runner_environment", "runner_id"})
    void eachRequiredClaimMissingIsRefused(String claim) {
        assertEquals("missing " + claim + " claim in ID token", refused(ISSUER, with(claims(), claim, null)));
    }

    @Test
    void refTypeMustBeBranchOrTag() {
        assertEquals("unexpected ref_type: merge_request",
                refused(ISSUER, with(claims(), "ref_type", "merge_request")));
        assertEquals("unexpected ref_type: Branch", refused(ISSUER, with(claims(), "ref_type", "Branch")));
    }

    @Test
    void runnerIdMustBeANonZeroInteger() {
        assertEquals("missing runner_id claim in ID token", refused(ISSUER, with(claims(), "runner_id", 0L)));
        refused(ISSUER, with(claims(), "runner_id", "1"));
        refused(ISSUER, with(claims(), "runner_id", 1.5));
        refused(ISSUER, with(claims(), "runner_id", true));
        refused(ISSUER, with(claims(), "runner_id", BigInteger.ONE.shiftLeft(64)));
        embed(with(claims(), "runner_id", 12270837L));
        embed(with(claims(), "runner_id", 7.0));
    }

    @Test
    void markupIsWrittenVerbatim() {
        CertificateIdentity identity = embed(with(with(claims(), "pipeline_source", "<push & \"merge\">"),
                "ref", "a&b<c>"));
        assertEquals("<push & \"merge\">", identity.extensions().get(SigstoreOid.BUILD_TRIGGER));
        assertEquals("refs/heads/a&b<c>", identity.extensions().get(SigstoreOid.SOURCE_REPOSITORY_REF));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ci_config_ref_uri", "project_path", "namespace_path"})
    void pathClaimsGoCannotParseAreRefused(String claim) {
        for (String bad : new String[] {"gitlab.com/g\n/p", "gitlab.com/%g", "gitlab.com/g/p%"}) {
            refused(ISSUER, with(claims(), claim, bad));
        }
    }

    /** Fulcio's {@code url.Parse(ci_config_ref_uri)} with https, and {@code JoinPath(project_path)}. */
    @Test
    void pathClaimsAreWrittenAsFulcioWritesThem() {
        Map<String, String> config = Map.of("gitlab.com/g/p?x=1", "https://gitlab.com/g/p?x=1",
                "gitlab.com/g/p#f", "https://gitlab.com/g/p#f", "gitlab.com/g/../../p", "https://gitlab.com/g/../../p",
                "gitlab.com/g/%2E%2E/p", "https://gitlab.com/g/%2E%2E/p", "gitlab.com/g p", "https://gitlab.com/g%20p",
                "gitlab.com/gr\u00fcn/p", "https://gitlab.com/gr%C3%BCn/p");
        config.forEach((value, uri) -> assertEquals(uri,
                embed(with(claims(), "ci_config_ref_uri", value)).subjectAltName().value(), value));
        Map<String, String> project =
                Map.of("g/p?x=1", "https://gitlab.com/g/p%3Fx=1", "g/../../p", "https://gitlab.com/p",
                        "g p", "https://gitlab.com/g%20p", "/g/p", "https://gitlab.com/g/p");
        project.forEach((value, uri) -> assertEquals(uri,
                embed(with(claims(), "project_path", value)).extensions().get(SigstoreOid.SOURCE_REPOSITORY_URI),
                value));
        refused(ISSUER, with(claims(), "ci_config_ref_uri", "/gitlab.com/g"));
    }

    @Test
    void configUriMustHaveAPlainHost() {
        refused(ISSUER, with(claims(), "ci_config_ref_uri", "gitlab.com@evil.example/g/p//.gitlab-ci.yml"));
        refused(ISSUER, with(claims(), "ci_config_ref_uri", "//evil.example/x"));
        refused(ISSUER, with(claims(), "ci_config_ref_uri", "[::1/x"));
        String encodedSlash = "gitlab.com/g/p//ci%2Fbuild.yml@refs/heads/main";
        String san = embed(with(claims(), "ci_config_ref_uri", encodedSlash)).subjectAltName().value();
        assertEquals("https://" + encodedSlash, san);
        assertRoundTrips(san, "gitlab.com");
    }

    @Test
    void jobIdIsJoinedAsFulcioJoinsIt() {
        String uri = embed(with(claims(), "job_id", "30?2/../1")).extensions().get(SigstoreOid.RUN_INVOCATION_URI);
        assertEquals("https://gitlab.com/mygroup/myproject/-/jobs/1", uri);
        assertRoundTrips(uri, "gitlab.com");
    }

    @Test
    void overlongClaimsAreRefused() {
        refused(ISSUER, with(claims(), "sha", "a".repeat(Claims.MAX_VALUE_LENGTH + 1)));
        refused(ISSUER, with(claims(), "ref", "r".repeat(Claims.MAX_VALUE_LENGTH - 5)));
        refused(ISSUER, with(claims(), "ci_config_ref_uri", "gitlab.com/" + "g".repeat(Claims.MAX_VALUE_LENGTH - 12)));
    }
}
