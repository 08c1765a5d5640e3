package dev.signet.certificate.lint;

/** Which of the three leaf forms a certificate is, which decides where the CT extensions may appear. */
public enum LeafKind {
    /** Submitted to a log: carries the critical poison, no SCT list. */
    PRECERTIFICATE,
    /** Returned after logging: carries the SCT list, no poison. */
    FINAL,
    /** Issued with no log (detached or no-log mode): neither CT extension. */
    UNLOGGED
}
