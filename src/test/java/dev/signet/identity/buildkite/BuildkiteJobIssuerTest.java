package dev.signet.identity.buildkite;

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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildkiteJobIssuerTest {
    static final String ISS = "https://agent.buildkite.com";
    static final Issuer ISSUER = IssuerTesting.issuer(ISS, "buildkite-job");
    static final String SUB = "organization:acme-inc:pipeline:super-duper-app:ref:refs/heads/main:commit:"
            + "9f3182061f1e2cca4702c368cbc039b7dc9d4485:step:build";

    /** A token as a Buildkite agent mints it (claims from Buildkite's documentation example). */
    static Map<String, Object> claims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", SUB);
        claims.put("organization_slug", "acme-inc");
        claims.put("pipeline_slug", "super-duper-app");
        claims.put("build_number", 1L);
        claims.put("build_branch", "main");
        claims.put("build_commit", "9f3182061f1e2cca4702c368cbc039b7dc9d4485");
        claims.put("step_key", "build");
        claims.put("job_id", "0184990a-477b-4fa8-9968-496074483cee");
        return claims;
    }

    static CertificateIdentity embed(Map<String, Object> claims) {
        return ISSUER.principal(token(ISS, claims)).embed();
    }

    @Test
    void pipelineUriAndCommonExtensions() {
        assertInstanceOf(BuildkiteJobIssuer.class, ISSUER);
        Principal principal = ISSUER.principal(token(ISS, claims()));
        assertEquals(SUB, principal.name());
        CertificateIdentity identity = principal.embed();
        assertEquals(SubjectAltName.uri("https://buildkite.com/acme-inc/super-duper-app"), identity.subjectAltName());
        assertEquals(Map.of(SigstoreOid.ISSUER_V1, ISS, SigstoreOid.ISSUER_V2, ISS, SigstoreOid.TOKEN_SUBJECT, SUB),
                identity.extensions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"organization_slug", "pipeline_slug"})
    void eachRequiredClaimMissingIsRefused(String claim) {
        assertEquals("missing " + claim + " claim in ID token", refused(ISSUER, with(claims(), claim, null)));
        assertEquals("missing " + claim + " claim in ID token", refused(ISSUER, with(claims(), claim, "")));
    }

    @Test
    void slugsAreEncodedSegments() {
        String san = embed(with(with(claims(), "organization_slug", "acme/../evil?x#y"), "pipeline_slug",
                "a%2Fb <&\"> \u00e9")).subjectAltName().value();
        assertEquals("https://buildkite.com/acme%2F..%2Fevil%3Fx%23y/a%252Fb%20%3C%26%22%3E%20%C3%A9", san);
        assertEquals("/acme%2F..%2Fevil%3Fx%23y/a%252Fb%20%3C%26%22%3E%20%C3%A9",
                assertRoundTrips(san, "buildkite.com").getRawPath());
    }

    @Test
    void controlCharactersAndOverlongClaimsAreRefused() {
        refused(ISSUER, with(claims(), "pipeline_slug", "app\nx"));
        refused(ISSUER, with(claims(), "pipeline_slug", "p".repeat(Claims.MAX_VALUE_LENGTH + 1)));
        // each slug fits, but encoded they no longer do
        refused(ISSUER, with(claims(), "pipeline_slug", "?".repeat(Claims.MAX_VALUE_LENGTH / 2)));
    }
}
