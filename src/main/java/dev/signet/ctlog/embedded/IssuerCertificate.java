package dev.signet.ctlog.embedded;

import dev.signet.ctlog.CtCertificates;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A certificate above the leaf of a chain, parsed once, with what RFC 5280 path validation (§6.1.3,
 * §6.1.4) asks of a certificate that issues another: whether it may issue at all, its path length
 * constraint and its validity.
 *
 * @param holder the certificate
 * @param subject its subject Name as encoded (DER: issuers pass the strict reader), to compare with
 *     the issuer name of Signet's own precertificates byte for byte
 * @param keyHash SHA-256 of its SubjectPublicKeyInfo, as precert entries carry it
 * @param notBefore start of its validity
 * @param notAfter end of its validity (inclusive)
 * @param pathLength its pathLenConstraint, or -1 when it has none
 * @param signsPrecertificates whether it is a Precertificate Signing Certificate (RFC 6962 §3.1)
 * @param cannotIssue why it may not issue as an intermediate (not a CA, no keyCertSign, a key off
 *     the {@link IssuerKeys} list), or empty
 */
record IssuerCertificate(X509CertificateHolder holder, byte[] subject, byte[] keyHash, Instant notBefore,
        Instant notAfter,
        int pathLength, boolean signsPrecertificates, Optional<String> cannotIssue) {

    static IssuerCertificate of(Certificate certificate) {
        X509CertificateHolder holder = new X509CertificateHolder(certificate);
        BasicConstraints constraints = BasicConstraints.getInstance(
                StrictCertificates.extension(holder, Extension.basicConstraints));
        KeyUsage usage = KeyUsage.getInstance(StrictCertificates.extension(holder, Extension.keyUsage));
        ExtendedKeyUsage extendedUsage = ExtendedKeyUsage.getInstance(
                StrictCertificates.extension(holder, Extension.extendedKeyUsage));
        Optional<String> cannotIssue;
        int pathLength = -1;
        if (constraints == null || !constraints.isCA()) {
            cannotIssue = Optional.of("is not a CA (no basicConstraints CA:TRUE)");
        } else if (usage != null && !usage.hasUsages(KeyUsage.keyCertSign)) {
            cannotIssue = Optional.of("has a key usage without keyCertSign");
        } else {
            cannotIssue = IssuerKeys.refusal(holder.getSubjectPublicKeyInfo());
            BigInteger length = constraints.getPathLenConstraint();
            if (length != null) {
                pathLength = length.bitLength() > 31 ? Integer.MAX_VALUE : length.intValue();
                if (length.signum() < 0) {
                    cannotIssue = Optional.of("has a negative path length constraint");
                }
            }
        }
        byte[] subject;
        try {
            subject = certificate.getSubject().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw ChainValidator.reject("issuer subject cannot be encoded", e);
        }
        return new IssuerCertificate(holder, subject, CtCertificates.issuerKeyHash(certificate),
                holder.getNotBefore().toInstant(), holder.getNotAfter().toInstant(), pathLength,
                extendedUsage != null
                        && extendedUsage.hasKeyPurposeId(KeyPurposeId.getInstance(CtCertificates.PRECERT_SIGNING_EKU)),
                cannotIssue);
    }

    boolean validAt(Instant instant) {
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }
}
