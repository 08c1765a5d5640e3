package dev.signet.certificate.lint;

import java.util.Objects;
import java.util.Optional;

/**
 * One named check on a leaf.
 *
 * @param name   stable name, {@code e_} plus what is wrong when it fails; used as a metric label
 * @param source the requirement it enforces (RFC section, Fulcio specification, CA/B CSBR section)
 * @param check  returns the problem, or empty when the certificate passes
 */
public record LintRule(String name, String source, Check check) {

    /** The check itself: the problem found in {@code certificate}, or empty. */
    @FunctionalInterface
    public interface Check {
        Optional<String> problem(LintedCertificate certificate);
    }

    public LintRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(check, "check");
    }

    /** Empty, for a passing check. */
    static Optional<String> ok() {
        return Optional.empty();
    }

    /** A problem, for a failing check. */
    static Optional<String> fail(String problem) {
        return Optional.of(problem);
    }
}
