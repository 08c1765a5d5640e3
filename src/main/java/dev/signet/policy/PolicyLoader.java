package dev.signet.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.config.ConfigFiles;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the policy file (JSON or YAML):
 *
 * <pre>
 * issuers:
 *   https://token.actions.githubusercontent.com:
 *     - name: acme repositories only
 *       claim: repository_owner
 *       in: [acme, acme-labs]
 * </pre>
 *
 * Each rule has a {@code claim} and exactly one of {@code equals}, {@code in}, {@code matches},
 * {@code email-domain}; {@code name} is optional. See docs/policy.md.
 */
public final class PolicyLoader {
    private static final Set<String> RULE_KEYS = Set.of("name", "claim", "equals", "in", "matches", "email-domain");

    private PolicyLoader() {
    }

    /** Parses and compiles the policy. @throws IllegalArgumentException naming {@code source} and the rule */
    public static IssuancePolicy parse(String text, String source, Set<String> knownIssuers) {
        JsonNode root = ConfigFiles.parse(text, source);
        if (root == null || root.isNull() || root.isMissingNode()) {
            return IssuancePolicy.none();
        }
        JsonNode issuers = root.get("issuers");
        if (!root.isObject() || issuers == null || !issuers.isObject()) {
            throw new IllegalArgumentException(source + ": a policy file is a map with an \"issuers\" map");
        }
        Map<String, List<PolicyRule>> rules = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = issuers.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String where = source + ": issuer " + entry.getKey();
            if (!entry.getValue().isArray() || entry.getValue().isEmpty()) {
                throw new IllegalArgumentException(where + ": must be a non-empty list of rules");
            }
            List<PolicyRule> list = new ArrayList<>();
            int number = 1;
            for (JsonNode rule : entry.getValue()) {
                list.add(rule(rule, where + ", rule " + number++));
            }
            rules.put(entry.getKey(), list);
        }
        return IssuancePolicy.of(rules, knownIssuers, source);
    }

    private static PolicyRule rule(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": must be a map");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String key = names.next();
            if (!RULE_KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key " + key);
            }
        }
        JsonNode claim = node.get("claim");
        if (claim == null || !claim.isTextual() || claim.asText().isEmpty()) {
            throw new IllegalArgumentException(where + ": claim must be set");
        }
        PolicyRule.Operator operator = null;
        for (PolicyRule.Operator candidate : PolicyRule.Operator.values()) {
            if (node.has(candidate.configName())) {
                if (operator != null) {
                    throw new IllegalArgumentException(where + ": has both " + operator.configName() + " and "
                            + candidate.configName() + "; use one comparison per rule");
                }
                operator = candidate;
            }
        }
        if (operator == null) {
            throw new IllegalArgumentException(where + ": needs one of equals, in, matches, email-domain");
        }
        List<String> values = strings(node.get(operator.configName()), where + ": " + operator.configName());
        String name = node.hasNonNull("name") ? node.get("name").asText()
                : claim.asText() + " " + operator.configName() + " " + String.join(",", values);
        try {
            return new PolicyRule(name, claim.asText(), operator, values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode node, String where) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(scalar(value, where)));
        } else {
            values.add(scalar(node, where));
        }
        return values;
    }

    private static String scalar(JsonNode node, String where) {
        if (!node.isValueNode() || node.isNull()) {
            throw new IllegalArgumentException(where + " must be a string or a list of strings");
        }
        return node.asText();
    }
}
