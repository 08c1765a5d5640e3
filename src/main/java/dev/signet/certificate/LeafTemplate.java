package dev.signet.certificate;

import dev.signet.codec.DerBytes;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
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

    /** {@code [0] EXPLICIT INTEGER 2}: X.509 version 3. */
    private static final byte[] VERSION_3 = {(byte) 0xA0, 0x03, 0x02, 0x01, 0x02};
    private static final byte[] EMPTY_NAME = {0x30, 0x00};
    private static final int INTEGER = 0x02;
    private static final int UTC_TIME = 0x17;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int EXTENSIONS = 0xA3;

    /** The same certificate with other extensions (precertificate poison, SCT list). */
    public LeafTemplate withExtensions(LeafExtensions replacement) {
        return new LeafTemplate(serial, issuer, notBefore, notAfter, subjectPublicKeyInfo, replacement);
    }

    /**
     * The DER TBSCertificate with {@code signatureAlgorithm} (a DER AlgorithmIdentifier) in its
     * signature field: the bytes {@link #toBuilder()} would produce (for validity from 1583 on: before
     * that {@code java.util.Date} is Julian, this proleptic Gregorian), written directly because this
     * runs for every certificate and Bouncy Castle formats each time through {@code SimpleDateFormat}.
     */
    public byte[] tbs(byte[] signatureAlgorithm) {
        List<Extension> list = extensions.list();
        byte[][] fields = new byte[list.isEmpty() ? 7 : 8][];
        fields[0] = VERSION_3;
        fields[1] = DerBytes.frame(INTEGER, serial.toByteArray());
        fields[2] = signatureAlgorithm;
        fields[3] = DerBytes.encode(issuer);
        fields[4] = DerBytes.frame(DerBytes.SEQUENCE, time(notBefore), time(notAfter));
        fields[5] = EMPTY_NAME;
        fields[6] = DerBytes.encode(subjectPublicKeyInfo);
        if (!list.isEmpty()) {
            byte[][] encoded = new byte[list.size()][];
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = DerBytes.encode(list.get(i));
            }
            fields[7] = DerBytes.frame(EXTENSIONS, DerBytes.frame(DerBytes.SEQUENCE, encoded));
        }
        return DerBytes.frame(DerBytes.SEQUENCE, fields);
    }

    /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 (and before 1950), seconds, Z. */
    private static byte[] time(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("validity year " + year + " cannot be encoded");
        }
        boolean utc = year >= 1950 && year <= 2049;
        byte[] text = new byte[utc ? 13 : 15];
        int at = utc ? digits(text, 0, year % 100, 2) : digits(text, 0, year, 4);
        at = digits(text, at, t.getMonthValue(), 2);
        at = digits(text, at, t.getDayOfMonth(), 2);
        at = digits(text, at, t.getHour(), 2);
        at = digits(text, at, t.getMinute(), 2);
        at = digits(text, at, t.getSecond(), 2);
        text[at] = 'Z';
        return DerBytes.frame(utc ? UTC_TIME : GENERALIZED_TIME, text);
    }

    /** Writes {@code value} as {@code count} decimal digits at {@code at}; returns the next offset. */
    private static int digits(byte[] out, int at, int value, int count) {
        for (int k = count - 1; k >= 0; k--) {
            out[at + k] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + count;
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
