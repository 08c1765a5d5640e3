package dev.signet.identity.codefresh;

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
import org.junit.jupiter.params.provider.ValueSource;

class CodefreshWorkflowIssuerTest {
    static final String ISS = "https://oidc.codefresh.io";
    static final Issuer ISSUER = IssuerTesting.issuer(ISS, "codefresh-workflow");
    static final String SUB = "account:628a80b693a15c0f9c13ab75:pipeline:65e5a53e52853dc51a5b0cc1:initiator:dev";

    /** A token as Codefresh mints it (claims from Codefresh's documentation example). */
    static Map<String, Object> claims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", SUB);
        claims.put("account_id", "628a80b693a15c0f9c13ab75");
        claims.put("account_name", "codefresh-account");
        claims.put("pipeline_id", "65e5a53e52853dc51a5b0cc1");
        claims.put("pipeline_name", "oidc-test/get-token");
        claims.put("workflow_id", "65e6d5551e7a5b3d8a6fd6b1");
        claims.put("initiator", "dev");
        claims.put("scm_user_name", "codefresh-user");
        claims.put("scm_repo_url", "https://github.com/codefresh-user/oidc-test");
        claims.put("scm_ref", "main");
        claims.put("runner_environment", "hybrid");
        claims.put("platform_url", "https://g.codefresh.io");
        return claims;
    }

    static CertificateIdentity embed(Map<String, Object> claims) {
        return ISSUER.principal(token(ISS, claims)).embed();
    }

    @Test
    void everyExtensionIsFilled() {
        assertInstanceOf(CodefreshWorkflowIssuer.class, ISSUER);
        Principal principal = ISSUER.principal(token(ISS, claims()));
        assertEquals(SUB, principal.name());
        CertificateIdentity identity = principal.embed();
        String san = "https://g.codefresh.io/codefresh-account/oidc-test/get-token:628a80b693a15c0f9c13ab75/"
                + "65e5a53e52853dc51a5b0cc1";
        assertEquals(SubjectAltName.uri(san), identity.subjectAltName());
        assertRoundTrips(san, "g.codefresh.io");
        Map<SigstoreOid, String> expected = new EnumMap<>(SigstoreOid.class);
        expected.put(SigstoreOid.ISSUER_V1, ISS);
        expected.put(SigstoreOid.ISSUER_V2, ISS);
        expected.put(SigstoreOid.BUILD_SIGNER_URI, "https://g.codefresh.io/build/65e6d5551e7a5b3d8a6fd6b1");
        expected.put(SigstoreOid.RUNNER_ENVIRONMENT, "hybrid");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_URI, "https://github.com/codefresh-user/oidc-test");
        expected.put(SigstoreOid.SOURCE_REPOSITORY_REF, "main");
        expected.put(SigstoreOid.BUILD_CONFIG_URI, "https://g.codefresh.io/api/pipelines/65e5a53e52853dc51a5b0cc1");
        expected.put(SigstoreOid.RUN_INVOCATION_URI, "https://g.codefresh.io/build/65e6d5551e7a5b3d8a6fd6b1");
        expected.put(SigstoreOid.TOKEN_SUBJECT, SUB);
        assertEquals(expected, identity.extensions());
    }

    @Test
    void platformUrlDefaultsToCodefreshSaas() {
        CertificateIdentity identity = embed(with(with(with(with(claims(), "platform_url", null), "account_name", null),
                "scm_repo_url", null), "runner_environment", ""));
        assertEquals("https://g.codefresh.io/oidc-test/get-token:628a80b693a15c0f9c13ab75/65e5a53e52853dc51a5b0cc1",
                identity.subjectAltName().value(), "an absent account name is skipped, as Go's JoinPath does");
        assertEquals(Map.of(SigstoreOid.ISSUER_V1, ISS, SigstoreOid.ISSUER_V2, ISS,
                SigstoreOid.BUILD_SIGNER_URI, "https://g.codefresh.io/build/65e6d5551e7a5b3d8a6fd6b1",
                SigstoreOid.SOURCE_REPOSITORY_REF, "main",
                SigstoreOid.BUILD_CONFIG_URI, "https://g.codefresh.io/api/pipelines/65e5a53e52853dc51a5b0cc1",
                SigstoreOid.RUN_INVOCATION_URI, "https://g.codefresh.io/build/65e6d5551e7a5b3d8a6fd6b1",
                SigstoreOid.TOKEN_SUBJECT, SUB), identity.extensions());
    }

    @Test
    void selfHostedPlatformUrlIsTheBase() {
        CertificateIdentity identity = embed(with(claims(), "platform_url", "https://codefresh.example.org:8443/"));
        assertEquals("https://codefresh.example.org:8443/codefresh-account/oidc-test/get-token:"
                + "628a80b693a15c0f9c13ab75/65e5a53e52853dc51a5b0cc1", identity.subjectAltName().value());
        assertEquals("https://codefresh.example.org:8443/build/65e6d5551e7a5b3d8a6fd6b1",
                identity.extensions().get(SigstoreOid.RUN_INVOCATION_URI));
    }

    @ParameterizedTest
    @ValueSource(strings = {"account_id", "pipeline_id", "workflow_id"})
    void eachRequiredClaimMissingIsRefusedWithCodefreshsMessage(String claim) {
        assertEquals("missing " + claim + " in token", refused(ISSUER, with(claims(), claim, null)));
        assertEquals("missing " + claim + " in token", refused(ISSUER, with(claims(), claim, "")));
    }

    @Test
    void badPlatformUrlsAreRefused() {
        for (String bad : new String[] {"g.codefresh.io", "ftp://g.codefresh.io", "https://user@evil.example",
                "https://g.codefresh.io/?x=1", "https://g.codefresh.io/#f", "https://g.codefresh.io/%zz", "https://",
                "javascript:alert(1)"}) {
            refused(ISSUER, with(claims(), "platform_url", bad));
        }
    }

    @Test
    void idsAndNamesAreJoinedAsFulcioJoinsThem() {
        CertificateIdentity identity = embed(with(with(with(claims(), "account_id", "a?b"), "pipeline_id", "../p#1"),
                "account_name", "acme/x"));
        String san = identity.subjectAltName().value();
        assertEquals("https://g.codefresh.io/acme/x/oidc-test/p%231", san);
        assertRoundTrips(san, "g.codefresh.io");
        assertEquals("https://g.codefresh.io/api/p%231", identity.extensions().get(SigstoreOid.BUILD_CONFIG_URI));
        assertEquals("https://g.codefresh.io/codefresh-account/proj/x%3Fy%20%C3%A9:628a80b693a15c0f9c13ab75/"
                + "65e5a53e52853dc51a5b0cc1",
                embed(with(claims(), "pipeline_name", "proj/x?y \u00e9")).subjectAltName().value());
        for (String bad : new String[] {"proj\n/x", "proj/%x"}) {
            refused(ISSUER, with(claims(), "pipeline_name", bad));
        }
    }

    @Test
    void markupIsWrittenVerbatim() {
        CertificateIdentity identity = embed(with(claims(), "scm_ref", "feature/<a & \"b\">"));
        assertEquals("feature/<a & \"b\">", identity.extensions().get(SigstoreOid.SOURCE_REPOSITORY_REF));
    }

    @Test
    void overlongClaimsAreRefused() {
        refused(ISSUER, with(claims(), "scm_repo_url", "u".repeat(Claims.MAX_VALUE_LENGTH + 1)));
        refused(ISSUER, with(claims(), "pipeline_name", "p/" + "q".repeat(Claims.MAX_VALUE_LENGTH - 10)));
    }
}
