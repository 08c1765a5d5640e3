package dev.signet.identity.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.Principal;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailIssuerTest {
    static final String ISS = "https://issuer.example";

    static EmailIssuer issuer(Optional<String> issuerClaim, boolean skipVerification) {
        return new EmailIssuer(new IssuerConfig(ISS, "sigstore", "email", Optional.empty(), issuerClaim,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), skipVerification), "test");
    }

    static VerifiedToken token(Map<String, Object> claims) {
        Map<String, Object> all = new HashMap<>(claims);
        all.putIfAbsent("sub", "subject-1");
        return new VerifiedToken(ISS, (String) all.get("sub"), all);
    }

    static SignetException refused(EmailIssuer issuer, Map<String, Object> claims) {
        SignetException e = assertThrows(SignetException.class, () -> issuer.principal(token(claims)));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
        return e;
    }

    @Test
    void verifiedEmailBecomesSanAndExtensions() {
        Principal principal = issuer(Optional.empty(), false)
                .principal(token(Map.of("email", "alice@example.com", "email_verified", true)));
        assertEquals("alice@example.com", principal.name());
        CertificateIdentity identity = principal.embed();
        assertEquals(SubjectAltName.email("alice@example.com"), identity.subjectAltName());
        assertEquals(Map.of(SigstoreOid.ISSUER_V1, ISS, SigstoreOid.ISSUER_V2, ISS,
                SigstoreOid.TOKEN_SUBJECT, "subject-1"), identity.extensions());
        assertEquals(List.of("alice@example.com", "subject-1"), principal.challenges(),
                "the email first (Fulcio), then sub (what sigstore-js and sigstore-java sign)");
    }

    @Test
    void aSubjectEqualToTheEmailIsOneChallenge() {
        Principal principal = issuer(Optional.empty(), false).principal(
                token(Map.of("email", "bob@example.com", "sub", "bob@example.com", "email_verified", true)));
        assertEquals(List.of("bob@example.com"), principal.challenges());
    }

    @Test
    void emailVerifiedAsAStringIsRefusedUnlessVerificationIsSkipped() {
        EmailIssuer issuer = issuer(Optional.empty(), false);
        refused(issuer, Map.of("email", "a@example.com", "email_verified", "true"));
        refused(issuer, Map.of("email", "a@example.com", "email_verified", "True"));
        issuer(Optional.empty(), true).principal(token(Map.of("email", "a@example.com", "email_verified", "true")));
    }

    @Test
    void emailVerifiedFalseMissingOrOddIsRefused() {
        EmailIssuer issuer = issuer(Optional.empty(), false);
        refused(issuer, Map.of("email", "a@example.com", "email_verified", false));
        refused(issuer, Map.of("email", "a@example.com"));
        refused(issuer, Map.of("email", "a@example.com", "email_verified", 1L));
        refused(issuer, Map.of("email", "a@example.com", "email_verified", "yes"));
    }

    @Test
    void skipEmailVerificationAcceptsUnverified() {
        assertEquals("a@example.com", issuer(Optional.empty(), true)
                .principal(token(Map.of("email", "a@example.com", "email_verified", false))).name());
    }

    @Test
    void missingOrNonStringEmailIsRefused() {
        EmailIssuer issuer = issuer(Optional.empty(), false);
        refused(issuer, Map.of("email_verified", true));
        refused(issuer, Map.of("email", "", "email_verified", true));
        refused(issuer, Map.of("email", 42L, "email_verified", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0161lice@example.com", "alice@examp\u016Ce.com", "alice@exam\u0440le.com",
            "alice\uFF20example.com", "al\u0000ice@example.com", "alice@example.com\r\n", "al ice@example.com",
            "alice@@example.com", "a@b@example.com", "\"alice\"@example.com", "<alice@example.com>",
            "alice@example.com,bob@example.com", "alice@example.com.", "alice@localhost", ".alice@example.com",
            "alice.@example.com", "al..ice@example.com", "alice@-example.com", "alice@exa_mple.com", "@example.com"})
    void invalidAddressesAreRefused(String email) {
        assertFalse(EmailAddress.isValid(email), email);
        refused(issuer(Optional.empty(), false), Map.of("email", email, "email_verified", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "a.b+tag@sub.example.co.uk", "o'brien@example.com",
            "x_y-z@ex-ample.com", "UPPER@EXAMPLE.COM"})
    void validAddressesAreAccepted(String email) {
        assertTrue(EmailAddress.isValid(email), email);
    }

    @Test
    void issuerClaimFederatesTheIssuer() {
        EmailIssuer dex = issuer(Optional.of("$.federated_claims.connector_id"), false);
        Principal principal = dex.principal(token(Map.of("email", "a@example.com", "email_verified", true,
                "federated_claims", Map.of("connector_id", "https://github.com/login/oauth"))));
        assertEquals("https://github.com/login/oauth", principal.embed().extensions().get(SigstoreOid.ISSUER_V1));
        assertEquals("https://github.com/login/oauth", principal.embed().extensions().get(SigstoreOid.ISSUER_V2));
        refused(dex, Map.of("email", "a@example.com", "email_verified", true));
        refused(dex, Map.of("email", "a@example.com", "email_verified", true, "federated_claims", "flat"));
    }

    @Test
    void badIssuerClaimPathIsAConfigError() {
        assertThrows(InvalidIdentityConfigException.class, () -> issuer(Optional.of("federated.connector"), false));
        assertThrows(InvalidIdentityConfigException.class, () -> issuer(Optional.of("$.a..b"), false));
    }

    @Test
    void overlongSubjectIsRefusedNotTruncated() {
        refused(issuer(Optional.empty(), false), Map.of("email", "a@example.com", "email_verified", true,
                "sub", "s".repeat(dev.signet.identity.Claims.MAX_VALUE_LENGTH + 1)));
    }

    @Test
    void issuerClaimPassesTheClaimCheckAndIsEmbeddedInNfc() {
        EmailIssuer issuer = issuer(Optional.of("$.federated_claims.connector_id"), false);
        for (String hidden : List.of("a\nb", "a\u202Eb", "a\u200Bb", "a\u2028b", "a\uD800b", "x".repeat(1025))) {
            refused(issuer, Map.of("email", "alice@example.com", "email_verified", true,
                    "federated_claims", Map.of("connector_id", hidden)));
        }
        Principal principal = issuer.principal(token(Map.of("email", "alice@example.com", "email_verified", true,
                "federated_claims", Map.of("connector_id", "conne\u0301ctor"))));
        assertEquals("conn\u00e9ctor", principal.embed().extensions().get(SigstoreOid.ISSUER_V2));
        assertEquals("conn\u00e9ctor", principal.embed().extensions().get(SigstoreOid.ISSUER_V1));
    }
}
