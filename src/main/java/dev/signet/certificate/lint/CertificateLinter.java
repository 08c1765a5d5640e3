package dev.signet.certificate.lint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Signet's pre-issuance linter: every leaf, signed first by a throwaway key, is checked against
 * RFC 5280 structure, Fulcio's certificate specification, the CA/B Forum code-signing subscriber
 * items that apply to a keyless leaf, and the RFC 6962 extension placement, before the CA key signs
 * the same TBS. Stateless and thread-safe.
 */
public final class CertificateLinter {

    /** The rule name reported when a certificate cannot even be taken apart. */
    public static final String UNPARSABLE = "e_certificate_unparsable";

    private static final CertificateLinter STANDARD = new CertificateLinter(standardRules());

    private final List<LintRule> rules;

    /** A linter running exactly {@code rules}, in order; names must be distinct. */
    public CertificateLinter(List<LintRule> rules) {
        this.rules = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (LintRule rule : this.rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("duplicate rule name " + rule.name());
            }
        }
    }

    /** The linter with every Signet rule. */
    public static CertificateLinter standard() {
        return STANDARD;
    }

    /** Every Signet rule: RFC 5280, Fulcio's profile, CA/B code signing, RFC 6962 placement. */
    public static List<LintRule> standardRules() {
        List<LintRule> all = new ArrayList<>();
        all.addAll(Rfc5280Rules.rules());
        all.addAll(FulcioProfileRules.rules());
        all.addAll(CodeSigningRules.rules());
        all.addAll(TransparencyRules.rules());
        return List.copyOf(all);
    }

    public List<LintRule> rules() {
        return rules;
    }

    /**
     * Runs every rule on a DER certificate.
     *
     * @return the broken rules in rule order; empty when the certificate is clean
     */
    public List<LintFinding> lint(byte[] certificate, LintContext context) {
        LintedCertificate parsed;
        try {
            parsed = LintedCertificate.parse(certificate, context);
        } catch (IllegalArgumentException e) {
            return List.of(new LintFinding(UNPARSABLE, e.getMessage()));
        }
        List<LintFinding> findings = new ArrayList<>();
        for (LintRule rule : rules) {
            Optional<String> problem;
            try {
                problem = rule.check().problem(parsed);
            } catch (RuntimeException e) {
                // A rule that trips over a malformed field has found a problem, not a bug to hide.
                problem = Optional.of("check failed on a malformed field: " + e.getClass().getSimpleName());
            }
            problem.ifPresent(detail -> findings.add(new LintFinding(rule.name(), detail)));
        }
        return List.copyOf(findings);
    }
}
