package dev.signet.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {
    static final String GH = "https://token.actions.githubusercontent.com";
    static final String GOOGLE = "https://accounts.google.com";
    static final Set<String> KNOWN = Set.of(GH, GOOGLE);

    static final String POLICY = """
            issuers:
              https://token.actions.githubusercontent.com:
                - name: acme repositories only
                  claim: repository_owner
                  in: [acme, acme-labs]
                - claim: sub
                  matches: "repo:acme(-labs)?/[a-z-]+:ref:refs/heads/main"
                - claim: run_attempt
                  equals: "1"
              https://accounts.google.com:
                - claim: email
                  email-domain: [Acme.com]
            """;

    static VerifiedToken token(String issuer, Map<String, Object> claims) {
        Map<String, Object> all = new HashMap<>(claims);
        return new VerifiedToken(issuer, (String) all.getOrDefault("sub", "s"), all);
    }

    static IssuancePolicy policy() {
        return PolicyLoader.parse(POLICY, "policy.yaml", KNOWN);
    }

    static SignetException denied(String issuer, Map<String, Object> claims) {
        SignetException e = assertThrows(SignetException.class, () -> policy().check(issuer, token(issuer, claims)));
        assertEquals(ErrorKind.POLICY_DENIED, e.kind());
        return e;
    }

    @Test
    void everyRuleHoldsSoTheTokenIsAllowed() {
        assertDoesNotThrow(() -> policy().check(GH, token(GH, Map.of("repository_owner", "acme",
                "sub", "repo:acme/widgets:ref:refs/heads/main", "run_attempt", 1L))));
        assertDoesNotThrow(() -> policy().check(GOOGLE, token(GOOGLE, Map.of("email", "alice@ACME.com"))));
    }

    @Test
    void theFirstFailingRuleIsNamedNeverTheClaimValue() {
        SignetException e = denied(GH, Map.of("repository_owner", "evil-corp",
                "sub", "repo:acme/widgets:ref:refs/heads/main", "run_attempt", 1L));
        assertEquals("The identity is not allowed a certificate by this CA's issuance policy: "
                + "rule \"acme repositories only\" failed", e.clientMessage());
        assertFalse(e.clientMessage().contains("evil-corp"));
        assertTrue(denied(GH, Map.of("repository_owner", "acme", "sub", "repo:acme/widgets:ref:refs/heads/dev",
                "run_attempt", 1L)).clientMessage().contains("rule \"sub matches"));
    }

    @Test
    void regexMustMatchTheWholeClaim() {
        denied(GH, Map.of("repository_owner", "acme", "sub", "xrepo:acme/widgets:ref:refs/heads/main",
                "run_attempt", 1L));
    }

    @Test
    void missingOrStructuredClaimsAreDenied() {
        denied(GH, Map.of("sub", "repo:acme/widgets:ref:refs/heads/main", "run_attempt", 1L));
        denied(GH, Map.of("repository_owner", Map.of("name", "acme"), "sub", "repo:acme/w:ref:refs/heads/main",
                "run_attempt", 1L));
        denied(GOOGLE, Map.of("email", "alice@acme.com.evil.example"));
        denied(GOOGLE, Map.of("email", "acme.com"));
    }

    @Test
    void issuersWithoutRulesAreUnrestricted() {
        IssuancePolicy policy =
                PolicyLoader.parse("issuers:\n  " + GOOGLE + ":\n    - claim: hd\n      equals: acme.com\n",
                        "p.yaml", KNOWN);
        assertDoesNotThrow(() -> policy.check(GH, token(GH, Map.of())));
        assertDoesNotThrow(() -> IssuancePolicy.none().check(GOOGLE, token(GOOGLE, Map.of())));
    }

    @Test
    void jsonWorksToo() {
        IssuancePolicy policy = PolicyLoader.parse("{\"issuers\":{\"" + GOOGLE
                + "\":[{\"claim\":\"email\",\"email-domain\":\"acme.com\"}]}}", "p.json", KNOWN);
        assertDoesNotThrow(() -> policy.check(GOOGLE, token(GOOGLE, Map.of("email", "a@acme.com"))));
    }

    @Test
    void mistakesAreRefusedAtLoadWithTheRuleNamed() {
        assertMessage("issuers:\n  https://typo.example:\n    - claim: a\n      equals: b\n",
                "policy for https://typo.example, which is not an issuer of the identity file");
        assertMessage("issuers:\n  " + GOOGLE + ":\n    - claim: a\n      equals: b\n      in: [c]\n",
                "rule 1: has both equals and in");
        assertMessage("issuers:\n  " + GOOGLE + ":\n    - claim: a\n", "rule 1: needs one of");
        assertMessage("issuers:\n  " + GOOGLE + ":\n    - equals: b\n", "rule 1: claim must be set");
        assertMessage("issuers:\n  " + GOOGLE + ":\n    - claim: a\n      equal: b\n", "unknown key equal");
        assertMessage("issuers:\n  " + GOOGLE + ":\n    - claim: a\n      matches: \"(\"\n",
                "invalid regular expression");
        assertMessage("issuers:\n  " + GOOGLE + ":\n    - claim: a\n      equals: [b, c]\n", "equals takes one value");
        assertMessage("issuers:\n  " + GOOGLE + ": []\n", "must be a non-empty list of rules");
        assertMessage("rules: []\n", "a policy file is a map with an \"issuers\" map");
    }

    private static void assertMessage(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyLoader.parse(text, "policy.yaml", KNOWN));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("policy.yaml"), e.getMessage());
    }
}
