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
 */
public record LintContext(X509Certificate issuer, Duration maxValidity, LeafKind kind) {

    public LintContext {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(maxValidity, "maxValidity");
        Objects.requireNonNull(kind, "kind");
    }
}
