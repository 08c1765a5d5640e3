package dev.signet.policy;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The operator's rules on who may get a certificate, per issuer: every rule of the token's issuer
 * must hold, checked after the token is verified and before anything is signed (fulcio#1989).
 * Issuers without rules are unrestricted.
 */
public final class IssuancePolicy {
    private static final IssuancePolicy NONE = new IssuancePolicy(Map.of(), Map.of());

    private final Map<String, List<PolicyRule>> rulesByIssuer;
    private final Map<PolicyRule, Pattern> patterns;

    private IssuancePolicy(Map<String, List<PolicyRule>> rulesByIssuer, Map<PolicyRule, Pattern> patterns) {
        this.rulesByIssuer = rulesByIssuer;
        this.patterns = patterns;
    }

    /** No rules: every verified identity may get a certificate. */
    public static IssuancePolicy none() {
        return NONE;
    }

    /**
     * Compiles the rules, keyed by issuer URL or meta-issuer pattern as written in the identity
     * file; every key must be one of {@code knownIssuers}, so a typo cannot silently open an issuer.
     *
     * @throws IllegalArgumentException naming {@code source} and the rule at fault
     */
    public static IssuancePolicy of(Map<String, List<PolicyRule>> rules, Set<String> knownIssuers, String source) {
        Map<PolicyRule, Pattern> patterns = new HashMap<>();
        Map<String, List<PolicyRule>> copy = new LinkedHashMap<>();
        rules.forEach((issuer, list) -> {
            if (!knownIssuers.contains(issuer)) {
                throw new IllegalArgumentException(source + ": policy for " + issuer
                        + ", which is not an issuer of the identity file");
            }
            for (PolicyRule rule : list) {
                if (rule.operator() == PolicyRule.Operator.MATCHES) {
                    try {
                        patterns.put(rule, Pattern.compile(rule.values().get(0)));
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException(source + ": rule " + rule.name()
                                + " has an invalid regular expression: " + e.getDescription());
                    }
                }
            }
            copy.put(issuer, List.copyOf(list));
        });
        return new IssuancePolicy(Map.copyOf(copy), Map.copyOf(patterns));
    }

    /**
     * Refuses the token unless every rule of {@code issuerKey} holds.
     *
     * @param issuerKey the issuer's key in the identity file (its URL, or its meta pattern)
     * @throws SignetException POLICY_DENIED naming the first rule that failed, never the claim value
     */
    public void check(String issuerKey, VerifiedToken token) {
        for (PolicyRule rule : rulesByIssuer.getOrDefault(issuerKey, List.of())) {
            if (!rule.allows(token, Optional.ofNullable(patterns.get(rule)))) {
                throw new SignetException(ErrorKind.POLICY_DENIED,
                        "issuance policy rule " + rule.name() + " failed for issuer " + issuerKey,
                        "rule \"" + rule.name() + "\" failed");
            }
        }
    }

    /** The issuers that have rules, for the startup log line. */
    public Set<String> restrictedIssuers() {
        return rulesByIssuer.keySet();
    }
}
