package dev.signet.certificate;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Everything of a leaf certificate except its signature: the to-be-signed fields with the subject
 * always empty.
 *
 * @param serial               positive serial number of at most 20 octets
 * @param issuer               the issuing certificate's subject, encoded as in that certificate
 * @param notBefore            start of validity, whole seconds
 * @param notAfter             end of validity, whole seconds
 * @param subjectPublicKeyInfo the client's key
 * @param extensions           the extensions in encoding order
 */
public record LeafTemplate(
        BigInteger serial,
        X500Name issuer,
        Instant notBefore,
        Instant notAfter,
        SubjectPublicKeyInfo subjectPublicKeyInfo,
        LeafExtensions extensions) {

    /** The empty subject DN of every leaf: an empty SEQUENCE ({@code 30 00}). */
    public static final X500Name EMPTY_SUBJECT = X500Name.getInstance(new DERSequence());

    public LeafTemplate {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(subjectPublicKeyInfo, "subjectPublicKeyInfo");
        Objects.requireNonNull(extensions, "extensions");
        if (serial.signum() <= 0 || serial.bitLength() > 159) {
            throw new IllegalArgumentException("serial must be positive and fit in 20 octets");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
        if (notBefore.getNano() != 0 || notAfter.getNano() != 0) {
            throw new IllegalArgumentException("validity must be in whole seconds");
        }
    }

    /** The same certificate with other extensions (precertificate poison, SCT list). */
    public LeafTemplate withExtensions(LeafExtensions replacement) {
        return new LeafTemplate(serial, issuer, notBefore, notAfter, subjectPublicKeyInfo, replacement);
    }

    /** A Bouncy Castle builder holding exactly these fields, extensions added in order. */
    public X509v3CertificateBuilder toBuilder() {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                issuer, serial, Date.from(notBefore), Date.from(notAfter), EMPTY_SUBJECT, subjectPublicKeyInfo);
        try {
            for (Extension extension : extensions.list()) {
                builder.addExtension(extension);
            }
        } catch (CertIOException e) {
            throw new IllegalArgumentException("extension could not be added", e);
        }
        return builder;
    }
}
