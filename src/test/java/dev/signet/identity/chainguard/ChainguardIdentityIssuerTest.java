package dev.signet.identity.chainguard;

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

class ChainguardIdentityIssuerTest {
    static final String ISS = "https://issuer.enforce.dev";
    static final Issuer ISSUER = IssuerTesting.issuer(ISS, "chainguard-identity");
    static final String SUB = "c9e4b6b0f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6/6b1b0e5d3c2a1f09";

    /** A service principal's token (no email): what a Chainguard-assumed identity gets. */
    static Map<String, Object> servicePrincipal() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", SUB);
        claims.put("act", Map.of("iss", "https://token.actions.githubusercontent.com",
                "sub", "repo:chainguard-dev/foo:ref:refs/heads/main"));
        claims.put("internal", Map.of("service-principal", "GITHUB_ACTIONS"));
        return claims;
    }

    @Test
    void servicePrincipalSignsItsSubject() {
        assertInstanceOf(ChainguardIdentityIssuer.class, ISSUER);
        Principal principal = ISSUER.principal(token(ISS, servicePrincipal()));
        assertEquals(SUB, principal.name());
        CertificateIdentity identity = principal.embed();
        assertEquals(SubjectAltName.uri(ISS + "/" + SUB), identity.subjectAltName());
        assertRoundTrips(identity.subjectAltName().value(), "issuer.enforce.dev");
        assertEquals(Map.of(SigstoreOid.ISSUER_V1, ISS, SigstoreOid.ISSUER_V2, ISS, SigstoreOid.TOKEN_SUBJECT, SUB),
                identity.extensions());
    }

    @Test
    void personSignsTheirVerifiedEmail() {
        Map<String, Object> claims =
                with(with(servicePrincipal(), "email", "alice@example.com"), "email_verified", true);
        Principal principal = ISSUER.principal(token(ISS, claims));
        assertEquals("alice@example.com", principal.name());
        assertEquals(SubjectAltName.uri(ISS + "/" + SUB), principal.embed().subjectAltName(), "the SAN is still sub");
        assertEquals("alice@example.com",
                ISSUER.principal(token(ISS, with(claims, "email_verified", "true"))).name());
    }

    @Test
    void unverifiedEmailIsRefused() {
        Map<String, Object> claims = with(servicePrincipal(), "email", "alice@example.com");
        assertEquals("not verified by identity provider", refused(ISSUER, claims));
        assertEquals("not verified by identity provider", refused(ISSUER, with(claims, "email_verified", false)));
        assertEquals("not verified by identity provider", refused(ISSUER, with(claims, "email_verified", "yes")));
    }

    @Test
    void missingSubjectIsRefused() {
        assertEquals("missing sub claim in ID token", refused(ISSUER, with(servicePrincipal(), "sub", null)));
    }

    @Test
    void issuerWithTrailingSlashOrPathIsJoinedOnce() {
        Issuer slashed = IssuerTesting.issuer("https://issuer.example/tenant/", "chainguard-identity");
        String san = slashed.principal(token("https://issuer.example/tenant/", servicePrincipal()))
                .embed().subjectAltName().value();
        assertEquals("https://issuer.example/tenant/" + SUB, san);
    }

    @Test
    void subjectsAreJoinedAsFulcioJoinsThemAndNeverMoveTheHost() {
        for (String bad : new String[] {"a\nb", "a%zz", "s".repeat(Claims.MAX_VALUE_LENGTH + 1)}) {
            refused(ISSUER, with(servicePrincipal(), "sub", bad));
        }
        // Fulcio's baseURL.JoinPath(sub): escaped, dot segments cleaned, the host kept
        Map<String, String> joined =
                Map.of("a?b", "/a%3Fb", "a#b", "/a%23b", "a/../../b", "/b", "..", "", "a b", "/a%20b",
                        "\u00e9", "/%C3%A9", "/abs", "/abs");
        joined.forEach((sub, path) -> assertEquals(ISS + path,
                ISSUER.principal(token(ISS, with(servicePrincipal(), "sub", sub))).embed().subjectAltName().value(),
                sub));
        String san = ISSUER.principal(token(ISS, with(servicePrincipal(), "sub", "a%2Fb<&\">")))
                .embed().subjectAltName().value();
        assertEquals(ISS + "/a/b%3C&%22%3E", san);
        assertRoundTrips(san, "issuer.enforce.dev");
    }
}
