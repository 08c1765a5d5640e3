package dev.signet.identity.ciprovider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.config.IdentityConfig;
import dev.signet.config.IdentityConfigLoader;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerFactory;
import dev.signet.identity.IssuerType;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped samples for CI systems Fulcio users ask for (Forgejo/Codeberg Actions, fulcio#2442;
 * Jenkins with the OpenID Connect Provider plugin, fulcio#2334), configured as Fulcio configures
 * GitHub and GitLab: a {@code ci-provider} issuer whose {@code ci-issuer-metadata} maps the token's
 * claims to the Sigstore extensions.
 */
public class CiProviderSamplesTest {
    static final String CODEBERG = "https://codeberg.org/api/actions";
    static final String JENKINS = "https://jenkins.example.com/oidc";

    static Issuer sample(String file, String url) {
        IdentityConfig config = IdentityConfigLoader.load(Path.of(file));
        Issuer issuer = IssuerFactory.create(config.oidcIssuers().get(url), config, file);
        assertEquals(IssuerType.CI_PROVIDER, issuer.type());
        return issuer;
    }

    /** A Codeberg Actions token of a release run: the GitHub-like claims the sample assumes. */
    public static Map<String, Object> forgejoClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "repo:acme/widget:ref:refs/tags/v1.4.0");
        claims.put("repository", "acme/widget");
        claims.put("repository_owner", "acme");
        claims.put("repository_id", 123456);
        claims.put("repository_owner_id", 7890);
        claims.put("ref", "refs/tags/v1.4.0");
        claims.put("ref_type", "tag");
        claims.put("sha", "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567");
        claims.put("workflow", "release.yml");
        claims.put("event_name", "push");
        claims.put("run_id", 998877);
        claims.put("run_number", 42);
        claims.put("run_attempt", 1);
        claims.put("actor", "alice");
        return claims;
    }

    /** What the Forgejo sample writes for {@link #forgejoClaims()}; {@code issuer} is the token's {@code iss}. */
    public static Map<SigstoreOid, String> forgejoExtensions(String issuer) {
        String workflow = "https://codeberg.org/acme/widget/actions?workflow=release.yml&ref=refs/tags/v1.4.0";
        Map<SigstoreOid, String> expected = new EnumMap<>(SigstoreOid.class);
        expected.put(SigstoreOid.ISSUER_V1, issuer);
        expected.put(SigstoreOid.ISSUER_V2, issuer);
        expected.put(SigstoreOid.BUILD_SIGNER_URI, workflow);
        expected.put(SigstoreOid.BUILD_SIGNER_DIGEST, "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_URI, "https://codeberg.org/acme/widget");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_DIGEST, "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_REF, "refs/tags/v1.4.0");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_IDENTIFIER, "123456");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_OWNER_URI, "https://codeberg.org/acme");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER, "7890");
        expected.put(SigstoreOid.BUILD_CONFIG_URI, workflow);
        expected.put(SigstoreOid.BUILD_CONFIG_DIGEST, "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567");
        expected.put(SigstoreOid.BUILD_TRIGGER, "push");
        expected.put(SigstoreOid.RUN_INVOCATION_URI, "https://codeberg.org/acme/widget/actions/runs/42");
        expected.put(SigstoreOid.TOKEN_SUBJECT, "repo:acme/widget:ref:refs/tags/v1.4.0");
        return expected;
    }

    /** A Jenkins token with the plugin's default build claims and the three optional git claims. */
    public static Map<String, Object> jenkinsClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "https://jenkins.example.com/job/team/job/app/");
        claims.put("build_number", 57);
        claims.put("git_url", "https://git.example.com/team/app.git");
        claims.put("git_commit", "fedcba9876543210fedcba9876543210fedcba98");
        claims.put("git_branch", "origin/main");
        return claims;
    }

    /** What the Jenkins sample writes for {@link #jenkinsClaims()}. */
    public static Map<SigstoreOid, String> jenkinsExtensions(String issuer) {
        Map<SigstoreOid, String> expected = new EnumMap<>(SigstoreOid.class);
        expected.put(SigstoreOid.ISSUER_V1, issuer);
        expected.put(SigstoreOid.ISSUER_V2, issuer);
        expected.put(SigstoreOid.BUILD_SIGNER_URI, "https://jenkins.example.com/job/team/job/app/");
        expected.put(SigstoreOid.RUN_INVOCATION_URI, "https://jenkins.example.com/job/team/job/app/57/");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_URI, "https://git.example.com/team/app.git");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_DIGEST, "fedcba9876543210fedcba9876543210fedcba98");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_REF, "origin/main");
        expected.put(SigstoreOid.TOKEN_SUBJECT, "https://jenkins.example.com/job/team/job/app/");
        return expected;
    }

    /** As Fulcio's ci-provider issuers for GitHub/GitLab: SAN and extensions come from the sample's templates. */
    @Test
    void forgejoActionsTokenGetsTheSampleExtensionsAsFulciosCiProvider() {
        CertificateIdentity identity = sample("config/forgejo-actions.yaml", CODEBERG)
                .principal(CiProviderIssuerTest.token(CODEBERG, forgejoClaims())).embed();
        assertEquals(SubjectAltName.uri("https://codeberg.org/acme/widget/actions?workflow=release.yml"
                + "&ref=refs/tags/v1.4.0"), identity.subjectAltName());
        assertEquals(forgejoExtensions(CODEBERG), identity.extensions());
    }

    @Test
    void forgejoOptionalClaimsAreLeftOutAndRequiredOnesRefuse() {
        Map<String, Object> claims = forgejoClaims();
        claims.remove("repository_id");
        claims.remove("repository_owner_id");
        claims.put("environment", "production");
        Map<SigstoreOid, String> expected = forgejoExtensions(CODEBERG);
        expected.remove(SigstoreOid.SOURCE_REPOSITORY_IDENTIFIER);
        expected.remove(SigstoreOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER);
        expected.put(SigstoreOid.DEPLOYMENT_ENVIRONMENT, "production");
        Issuer issuer = sample("config/forgejo-actions.yaml", CODEBERG);
        assertEquals(expected, issuer.principal(CiProviderIssuerTest.token(CODEBERG, claims)).embed().extensions());

        for (String required : new String[] {"repository", "repository_owner", "ref", "sha", "workflow",
                "event_name", "run_number"}) {
            Map<String, Object> missing = forgejoClaims();
            missing.remove(required);
            String detail = CiProviderIssuerTest.refused(issuer, CiProviderIssuerTest.token(CODEBERG, missing))
                    .getMessage();
            assertTrue(detail.contains("value <" + required + "> not present"), detail);
        }
    }

    /** As Fulcio's ci-provider issuers: the Jenkins job URL ({@code sub}) is the SAN, the build its run. */
    @Test
    void jenkinsTokenGetsTheSampleExtensionsAsFulciosCiProvider() {
        CertificateIdentity identity = sample("config/jenkins-oidc.yaml", JENKINS)
                .principal(CiProviderIssuerTest.token(JENKINS, jenkinsClaims())).embed();
        assertEquals(SubjectAltName.uri("https://jenkins.example.com/job/team/job/app/"), identity.subjectAltName());
        assertEquals(jenkinsExtensions(JENKINS), identity.extensions());
    }

    /** The plugin's defaults alone (no git claims configured) still give a certificate, without source extensions. */
    @Test
    void jenkinsDefaultClaimsAloneAreEnoughAndBuildNumberIsRequired() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("sub", "https://jenkins.example.com/job/app/");
        defaults.put("build_number", 3);
        Issuer issuer = sample("config/jenkins-oidc.yaml", JENKINS);
        assertEquals(Map.of(SigstoreOid.ISSUER_V1, JENKINS, SigstoreOid.ISSUER_V2, JENKINS,
                SigstoreOid.BUILD_SIGNER_URI, "https://jenkins.example.com/job/app/",
                SigstoreOid.RUN_INVOCATION_URI, "https://jenkins.example.com/job/app/3/",
                SigstoreOid.TOKEN_SUBJECT, "https://jenkins.example.com/job/app/"),
                issuer.principal(CiProviderIssuerTest.token(JENKINS, defaults)).embed().extensions());
        defaults.remove("build_number");
        assertTrue(CiProviderIssuerTest.refused(issuer, CiProviderIssuerTest.token(JENKINS, defaults)).getMessage()
                .contains("value <build_number> not present"));
    }
}
