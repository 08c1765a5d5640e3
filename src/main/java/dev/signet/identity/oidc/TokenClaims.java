package dev.signet.identity.oidc;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The claim checks of a token whose signature has verified (RFC 7519 §4.1, OIDC Core §3.1.3.7),
 * made on the same parsed claims that later become the certificate: {@code iss} equal to the
 * issuer URL, {@code aud} (a string or an array of strings) containing the client id, {@code azp}
 * absent or equal to it, {@code sub} a non-empty string, {@code exp} required, and {@code exp},
 * {@code nbf}, {@code iat} numbers that put now inside the token's lifetime, give or take the
 * clock skew, with {@code exp} not before {@code iat} or {@code nbf}.
 */
final class TokenClaims {

    private TokenClaims() {
    }

    /**
     * The verified token, or INVALID_IDENTITY_TOKEN naming the first claim that failed.
     *
     * @param now  the time to check against
     * @param skew how far the token's times may be off in either direction
     */
    static VerifiedToken check(Map<String, Object> claims, OidcIssuerSettings issuer, Instant now, Duration skew) {
        if (!issuer.issuerUrl().equals(claims.get("iss"))) {
            throw invalid("token iss does not equal the configured issuer URL");
        }
        if (!audienceContains(claims.get("aud"), issuer.clientId())) {
            throw invalid("token aud does not contain the client id");
        }
        // OIDC Core 3.1.3.7: a token obtained by another client must not be accepted as ours.
        Object azp = claims.get("azp");
        if (azp != null && !issuer.clientId().equals(azp)) {
            throw invalid("token azp is present and is not the client id");
        }
        Object sub = claims.get("sub");
        if (!(sub instanceof String) || ((String) sub).isEmpty()) {
            throw invalid("token sub is missing, empty or not a string");
        }
        long earliest = now.minus(skew).getEpochSecond();
        long latest = now.plus(skew).getEpochSecond();
        Object exp = claims.get("exp");
        if (exp == null) {
            throw invalid("token has no exp");
        }
        double expiry = seconds(exp, "exp");
        if (expiry <= earliest) {
            throw invalid("token has expired");
        }
        Object nbf = claims.get("nbf");
        if (nbf != null && seconds(nbf, "nbf") > latest) {
            throw invalid("token nbf is in the future");
        }
        if (nbf != null && expiry < seconds(nbf, "nbf")) {
            throw invalid("token exp is before its nbf");
        }
        Object iat = claims.get("iat");
        if (iat != null && seconds(iat, "iat") > latest) {
            throw invalid("token iat is in the future");
        }
        // A lifetime that ends before it begins is a broken token, even inside the skew.
        if (iat != null && expiry < seconds(iat, "iat")) {
            throw invalid("token exp is before its iat");
        }
        return new VerifiedToken(issuer.issuerUrl(), (String) sub, claims);
    }

    private static boolean audienceContains(Object aud, String clientId) {
        if (aud instanceof String single) {
            return single.equals(clientId);
        }
        if (!(aud instanceof List<?> list)) {
            return false;
        }
        boolean found = false;
        for (Object entry : list) {
            if (!(entry instanceof String)) {
                throw invalid("token aud holds something other than strings");
            }
            found |= entry.equals(clientId);
        }
        return found;
    }

    /** A NumericDate in whole seconds: fractions are dropped, as the JWT libraries of OIDC clients do. */
    private static double seconds(Object value, String claim) {
        if (!(value instanceof Number number)) {
            throw invalid("token " + claim + " is not a number");
        }
        return Math.floor(number.doubleValue());
    }

    private static SignetException invalid(String detail) {
        return new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN, detail);
    }
}
