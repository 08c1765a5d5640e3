package dev.signet.policy;

import dev.signet.identity.Claims;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One operator rule over one claim of a verified token. A rule fails when the claim is absent or
 * not a scalar, so a policy can only narrow who gets a certificate.
 *
 * @param name     how the rule is named in the denial message (configured, or derived)
 * @param claim    the top-level claim it reads
 * @param operator how the claim is compared
 * @param values   the configured values (one for EQUALS and MATCHES)
 */
public record PolicyRule(String name, String claim, Operator operator, List<String> values) {

    /** The comparisons a rule can make. */
    public enum Operator {
        /** The claim equals the one value exactly. */
        EQUALS("equals"),
        /** The claim equals one of the values exactly. */
        IN("in"),
        /** The whole claim matches the one regular expression. */
        MATCHES("matches"),
        /** The claim is an email address whose domain is one of the values (case-insensitive). */
        EMAIL_DOMAIN("email-domain");

        private final String configName;

        Operator(String configName) {
            this.configName = configName;
        }

        /** The key that introduces this comparison in the policy file. */
        public String configName() {
            return configName;
        }
    }

    public PolicyRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("rule " + name + " has no value");
        }
        if ((operator == Operator.EQUALS || operator == Operator.MATCHES) && values.size() != 1) {
            throw new IllegalArgumentException("rule " + name + ": " + operator.configName() + " takes one value");
        }
        if (operator == Operator.EMAIL_DOMAIN) {
            values = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
        }
    }

    /** True when the token satisfies this rule. */
    boolean allows(VerifiedToken token, Optional<Pattern> compiled) {
        Optional<String> value = Optional.ofNullable(token.claims().get(claim)).flatMap(Claims::stringify);
        if (value.isEmpty()) {
            return false;
        }
        String actual = value.get();
        return switch (operator) {
            case EQUALS, IN -> values.contains(actual);
            case MATCHES -> compiled.orElseThrow().matcher(actual).matches();
            case EMAIL_DOMAIN -> {
                int at = actual.lastIndexOf('@');
                yield at > 0 && values.contains(actual.substring(at + 1).toLowerCase(Locale.ROOT));
            }
        };
    }
}
