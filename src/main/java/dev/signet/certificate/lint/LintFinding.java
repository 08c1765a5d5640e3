package dev.signet.certificate.lint;

/**
 * One broken rule.
 *
 * @param rule   the rule's stable name (a bounded metric label)
 * @param detail what was wrong, for the log only
 */
public record LintFinding(String rule, String detail) {

    @Override
    public String toString() {
        return rule + ": " + detail;
    }
}
