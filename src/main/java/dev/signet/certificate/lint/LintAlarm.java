package dev.signet.certificate.lint;

/** Told the name of every rule a certificate broke, so operators see the alarm (a metric). */
@FunctionalInterface
public interface LintAlarm {

    /** An alarm that does nothing, until the application wires its metrics in. */
    LintAlarm NONE = rule -> {
    };

    void raise(String rule);
}
