package dev.signet.identity.oidc;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A token whose signature, issuer, audience and times were verified.
 *
 * @param issuer  the verified {@code iss}
 * @param subject the verified {@code sub}
 * @param claims  every claim as plain Java values: String, Boolean, Long/BigInteger/Double,
 *                List&lt;Object&gt;, Map&lt;String,Object&gt; or null
 */
public record VerifiedToken(String issuer, String subject, Map<String, Object> claims) {

    public VerifiedToken {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(claims, "claims");
    }

    /** The claim's value only if it is a JSON string; a number, boolean or array gives empty. */
    public Optional<String> stringClaim(String name) {
        Object value = claims.get(name);
        return value instanceof String ? Optional.of((String) value) : Optional.empty();
    }

    /** Leaves the claims out: they hold personal data such as email addresses. */
    @Override
    public String toString() {
        return "VerifiedToken[issuer=" + issuer + ", subject=" + subject + "]";
    }
}
