package dev.signet.issuance;

import dev.signet.ca.IssuedCertificate;
import dev.signet.ctlog.SignedCertificateTimestamp;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one issuance: the certificate and where its SCT is.
 *
 * @param certificate  the leaf and its CA chain
 * @param sctEmbedded  true when the leaf carries its SCT list
 * @param detachedSct  the SCT returned beside the certificate (detached mode); empty when embedded
 *                     or when no log is configured
 */
public record Issuance(IssuedCertificate certificate, boolean sctEmbedded,
        Optional<SignedCertificateTimestamp> detachedSct) {

    public Issuance {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(detachedSct, "detachedSct");
    }

    static Issuance embedded(IssuedCertificate certificate) {
        return new Issuance(certificate, true, Optional.empty());
    }

    static Issuance detached(IssuedCertificate certificate, SignedCertificateTimestamp sct) {
        return new Issuance(certificate, false, Optional.of(sct));
    }

    static Issuance unlogged(IssuedCertificate certificate) {
        return new Issuance(certificate, false, Optional.empty());
    }
}
