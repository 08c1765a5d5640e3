package dev.signet.certificate;

/**
 * The Sigstore certificate extensions under {@code 1.3.6.1.4.1.57264.1}, in OID order, each with
 * the encoding Fulcio gives its value. Declaration order is the order extensions appear in a
 * certificate.
 */
public enum SigstoreOid {
    ISSUER_V1(1, Encoding.RAW),
    GITHUB_WORKFLOW_TRIGGER(2, Encoding.RAW),
    GITHUB_WORKFLOW_SHA(3, Encoding.RAW),
    GITHUB_WORKFLOW_NAME(4, Encoding.RAW),
    GITHUB_WORKFLOW_REPOSITORY(5, Encoding.RAW),
    GITHUB_WORKFLOW_REF(6, Encoding.RAW),
    ISSUER_V2(8, Encoding.UTF8_STRING),
    BUILD_SIGNER_URI(9, Encoding.UTF8_STRING),
    BUILD_SIGNER_DIGEST(10, Encoding.UTF8_STRING),
    RUNNER_ENVIRONMENT(11, Encoding.UTF8_STRING),
    SOURCE_REPOSITORY_URI(12, Encoding.UTF8_STRING),
    SOURCE_REPOSITORY_DIGEST(13, Encoding.UTF8_STRING),
    SOURCE_REPOSITORY_REF(14, Encoding.UTF8_STRING),
    SOURCE_REPOSITORY_IDENTIFIER(15, Encoding.UTF8_STRING),
    SOURCE_REPOSITORY_OWNER_URI(16, Encoding.UTF8_STRING),
    SOURCE_REPOSITORY_OWNER_IDENTIFIER(17, Encoding.UTF8_STRING),
    BUILD_CONFIG_URI(18, Encoding.UTF8_STRING),
    BUILD_CONFIG_DIGEST(19, Encoding.UTF8_STRING),
    BUILD_TRIGGER(20, Encoding.UTF8_STRING),
    RUN_INVOCATION_URI(21, Encoding.UTF8_STRING),
    SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING(22, Encoding.UTF8_STRING),
    DEPLOYMENT_ENVIRONMENT(23, Encoding.UTF8_STRING),
    TOKEN_SUBJECT(24, Encoding.UTF8_STRING);

    /** The arc every Sigstore certificate extension lives under. */
    public static final String ARC = "1.3.6.1.4.1.57264.1";

    /** The otherName type-id of a {@code username} SAN (not an extension of its own). */
    public static final String OTHER_NAME_SAN = ARC + ".7";

    /** How an extension's value is written. */
    public enum Encoding {
        /** The string's UTF-8 bytes with no DER wrapper (Fulcio's historical .1 to .6). */
        RAW,
        /** A DER UTF8String. */
        UTF8_STRING
    }

    private final String oid;
    private final Encoding encoding;

    SigstoreOid(int arc, Encoding encoding) {
        this.oid = ARC + "." + arc;
        this.encoding = encoding;
    }

    public String oid() {
        return oid;
    }

    public Encoding encoding() {
        return encoding;
    }
}
