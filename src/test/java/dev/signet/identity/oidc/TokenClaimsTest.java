package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The claim checks behind a verified signature, at their boundaries. */
class TokenClaimsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.700Z");
    private static final long NOW_S = NOW.getEpochSecond();
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final OidcIssuerSettings ISSUER = new OidcIssuerSettings("https://issuer.example", "sigstore");

    private static Map<String, Object> valid() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://issuer.example");
        claims.put("aud", "sigstore");
        claims.put("sub", "subject");
        claims.put("exp", NOW_S + 300);
        claims.put("iat", NOW_S - 600);
        return claims;
    }

    private static VerifiedToken check(Map<String, Object> claims) {
        return TokenClaims.check(claims, ISSUER, NOW, SKEW);
    }

    private static String rejected(Map<String, Object> claims) {
        SignetException e = assertThrows(SignetException.class, () -> check(claims));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
        return e.getMessage();
    }

    private static Map<String, Object> with(String claim, Object value) {
        Map<String, Object> claims = valid();
        claims.put(claim, value);
        return claims;
    }

    private static Map<String, Object> without(String claim) {
        Map<String, Object> claims = valid();
        claims.remove(claim);
        return claims;
    }

    @Test
    void aValidTokenNamesItsIssuerAndSubject() {
        VerifiedToken verified = check(valid());
        assertEquals("https://issuer.example", verified.issuer());
        assertEquals("subject", verified.subject());
    }

    @Test
    void issuerMustBeExactlyTheConfiguredUrl() {
        rejected(with("iss", "https://issuer.example/"));
        rejected(with("iss", List.of("https://issuer.example")));
        rejected(without("iss"));
    }

    @Test
    void audienceIsAStringOrAnArrayOfStringsHoldingTheClientId() {
        check(with("aud", List.of("other", "sigstore")));
        rejected(with("aud", "other"));
        rejected(with("aud", List.of()));
        rejected(with("aud", List.of("other")));
        rejected(with("aud", List.of("sigstore", 42L)));
        rejected(with("aud", Arrays.asList("sigstore", null)));
        rejected(with("aud", Map.of("sigstore", "sigstore")));
        rejected(without("aud"));
    }

    @Test
    void authorizedPartyIfPresentIsTheClientId() {
        check(with("azp", "sigstore"));
        rejected(with("azp", "other"));
        rejected(with("azp", 1L));
    }

    @Test
    void subjectIsANonEmptyString() {
        rejected(with("sub", ""));
        rejected(with("sub", 7L));
        rejected(without("sub"));
    }

    @Test
    void expiryIsRequiredAndMayBeAtMostTheSkewBehind() {
        rejected(without("exp"));
        rejected(with("exp", null));
        rejected(with("exp", String.valueOf(NOW_S + 300)));
        check(with("exp", NOW_S - 29));
        rejected(with("exp", NOW_S - 30));
        rejected(with("exp", NOW_S - 3600));
        // fractions are dropped: 29.9 s behind is 30 s behind
        rejected(with("exp", NOW_S - 30 + 0.9));
        check(with("exp", new BigInteger("99999999999999999999999")));
        check(with("exp", 1e300));
    }

    @Test
    void notBeforeMayBeAtMostTheSkewAhead() {
        check(with("nbf", NOW_S + 30));
        rejected(with("nbf", NOW_S + 31));
        rejected(with("nbf", "0"));
        check(with("nbf", NOW_S - 3600));
    }

    @Test
    void issuedAtMayBeAtMostTheSkewAhead() {
        check(with("iat", NOW_S + 30));
        rejected(with("iat", NOW_S + 31));
        rejected(with("iat", true));
        check(without("iat"));
    }

    @Test
    void aLifetimeThatEndsBeforeItBeginsIsRefusedEvenInsideTheSkew() {
        Map<String, Object> endsBeforeIssued = with("iat", NOW_S);
        endsBeforeIssued.put("exp", NOW_S - 10);
        assertEquals("token exp is before its iat", rejected(endsBeforeIssued));
        Map<String, Object> endsBeforeValid = with("nbf", NOW_S);
        endsBeforeValid.put("exp", NOW_S - 10);
        endsBeforeValid.remove("iat");
        assertEquals("token exp is before its nbf", rejected(endsBeforeValid));
        Map<String, Object> instant = with("iat", NOW_S + 5);
        instant.put("nbf", NOW_S + 5);
        instant.put("exp", NOW_S + 5);
        check(instant);
    }

    @Test
    void messagesNameTheClaimNeverItsValue() {
        String message = rejected(with("aud", "a-secret-audience"));
        assertEquals(-1, message.indexOf("a-secret-audience"));
    }
}
