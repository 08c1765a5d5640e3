package dev.signet.certificate.lint;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;

/**
 * What a leaf is linted against besides its own bytes.
 *
 * @param issuer      the CA certificate that will sign it
 * @param maxValidity the configured leaf lifetime; a longer leaf fails
 * @param kind        precertificate, final or unlogged
 * @param subjectKeyIdentifier whether the leaf must carry a Subject Key Identifier (Fulcio v1.8.8)
 *     or must not (Fulcio after v1.8.8)
 */
public record LintContext(X509Certificate issuer, Duration maxValidity, LeafKind kind, boolean subjectKeyIdentifier) {

    /** The context of a leaf with a Subject Key Identifier, the default profile. */
    public LintContext(X509Certificate issuer, Duration maxValidity, LeafKind kind) {
        this(issuer, maxValidity, kind, true);
    }

    public LintContext {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(maxValidity, "maxValidity");
        Objects.requireNonNull(kind, "kind");
    }
}
