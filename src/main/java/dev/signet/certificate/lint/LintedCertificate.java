package dev.signet.certificate.lint;

import dev.signet.codec.MalformedEncodingException;
import dev.signet.codec.StrictDer;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;

/**
 * A certificate taken apart field by field without Bouncy Castle's own checks, so that a broken
 * certificate (repeated extensions, v1, wrong tags) can still be described by the rules instead of
 * failing in the parser. Built by {@link #parse}; every field is exactly as encoded. One instance
 * serves one lint on one thread.
 */
public final class LintedCertificate {

    /** Largest certificate linted; a leaf is a few kilobytes. */
    public static final int MAX_BYTES = 64 * 1024;

    private final byte[] tbsEncoding;
    private final ASN1Sequence tbs;
    private final int version;
    private final BigInteger serial;
    private final AlgorithmIdentifier tbsSignature;
    private final AlgorithmIdentifier outerSignature;
    private final byte[] issuer;
    private final ASN1Primitive notBefore;
    private final ASN1Primitive notAfter;
    private final byte[] subject;
    private final SubjectPublicKeyInfo subjectPublicKeyInfo;
    private final boolean uniqueIdentifiers;
    private final List<Extension> extensions;
    private final LintContext context;
    // Read once: several rules need them, and Bouncy Castle parses times with a fresh date formatter.
    private final Optional<Instant> notBeforeInstant;
    private final Optional<Instant> notAfterInstant;
    private byte[] caSubject;
    private Optional<byte[]> caKeyIdentifier;

    private LintedCertificate(byte[] tbsEncoding, ASN1Sequence tbs, int version, BigInteger serial,
            AlgorithmIdentifier tbsSignature, AlgorithmIdentifier outerSignature, byte[] issuer,
            ASN1Primitive notBefore, ASN1Primitive notAfter, byte[] subject, SubjectPublicKeyInfo subjectPublicKeyInfo,
            boolean uniqueIdentifiers, List<Extension> extensions, LintContext context) {
        this.tbsEncoding = tbsEncoding;
        this.tbs = tbs;
        this.version = version;
        this.serial = serial;
        this.tbsSignature = tbsSignature;
        this.outerSignature = outerSignature;
        this.issuer = issuer;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.subject = subject;
        this.subjectPublicKeyInfo = subjectPublicKeyInfo;
        this.uniqueIdentifiers = uniqueIdentifiers;
        this.extensions = extensions;
        this.context = context;
        this.notBeforeInstant = time(notBefore);
        this.notAfterInstant = time(notAfter);
    }

    /**
     * Splits a DER certificate into its fields.
     *
     * @throws IllegalArgumentException when it is too large or not shaped like a certificate at all
     */
    public static LintedCertificate parse(byte[] certificate, LintContext context) {
        Objects.requireNonNull(context, "context");
        if (certificate.length > MAX_BYTES) {
            throw new IllegalArgumentException("certificate larger than " + MAX_BYTES + " bytes");
        }
        try {
            ASN1Sequence outer = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(certificate));
            if (outer.size() != 3) {
                throw new IllegalArgumentException("certificate has " + outer.size() + " elements, not 3");
            }
            ASN1Sequence tbs = ASN1Sequence.getInstance(outer.getObjectAt(0));
            byte[] tbsEncoding = tbsBytes(certificate);
            AlgorithmIdentifier outerSignature = AlgorithmIdentifier.getInstance(outer.getObjectAt(1));
            int i = 0;
            int version = 0;
            if (tbs.getObjectAt(0) instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 0) {
                version = ASN1Integer.getInstance(tagged, true).intValueExact();
                i++;
            }
            BigInteger serial = ASN1Integer.getInstance(tbs.getObjectAt(i++)).getValue();
            AlgorithmIdentifier tbsSignature = AlgorithmIdentifier.getInstance(tbs.getObjectAt(i++));
            byte[] issuer = ASN1Sequence.getInstance(tbs.getObjectAt(i++)).getEncoded(ASN1Encoding.DER);
            ASN1Sequence validity = ASN1Sequence.getInstance(tbs.getObjectAt(i++));
            if (validity.size() != 2) {
                throw new IllegalArgumentException("validity has " + validity.size() + " elements, not 2");
            }
            byte[] subject = ASN1Sequence.getInstance(tbs.getObjectAt(i++)).getEncoded(ASN1Encoding.DER);
            SubjectPublicKeyInfo keyInfo = SubjectPublicKeyInfo.getInstance(tbs.getObjectAt(i++));
            boolean uniqueIdentifiers = false;
            List<Extension> extensions = new ArrayList<>();
            for (; i < tbs.size(); i++) {
                ASN1TaggedObject tagged = ASN1TaggedObject.getInstance(tbs.getObjectAt(i));
                if (tagged.getTagNo() == 1 || tagged.getTagNo() == 2) {
                    uniqueIdentifiers = true;
                } else if (tagged.getTagNo() == 3) {
                    // Read one by one: Extensions.getInstance would refuse a repeated OID before a rule could name it.
                    for (ASN1Encodable element : ASN1Sequence.getInstance(tagged, true)) {
                        extensions.add(Extension.getInstance(element));
                    }
                } else {
                    throw new IllegalArgumentException("unexpected TBS field [" + tagged.getTagNo() + "]");
                }
            }
            return new LintedCertificate(tbsEncoding, tbs, version, serial, tbsSignature, outerSignature, issuer,
                    validity.getObjectAt(0).toASN1Primitive(), validity.getObjectAt(1).toASN1Primitive(), subject,
                    keyInfo, uniqueIdentifiers, List.copyOf(extensions), context);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getCause() == null && iae.getMessage() != null
                    && !iae.getMessage().isEmpty()) {
                throw iae;
            }
            throw new IllegalArgumentException("not a certificate: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The TBS exactly as it appears in a DER {@code certificate}, not a re-encoding, so the DER rule
     * sees any difference and a signer can sign exactly what was linted.
     *
     * @throws IllegalArgumentException when the lengths do not fit
     */
    public static byte[] tbsBytes(byte[] certificate) {
        try {
            StrictDer.Element outer = StrictDer.lenientElement(certificate, 0, certificate.length);
            return StrictDer.lenientElement(certificate, outer.valueStart(), outer.end()).encoded();
        } catch (MalformedEncodingException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** The TBS bytes as they appear in the certificate. */
    public byte[] tbsEncoding() {
        return tbsEncoding.clone();
    }

    /** The TBS as parsed. */
    public ASN1Sequence tbs() {
        return tbs;
    }

    /** The version field's value: 0 for v1 (field absent), 2 for v3. */
    public int version() {
        return version;
    }

    public BigInteger serial() {
        return serial;
    }

    /** The signature algorithm inside the TBS. */
    public AlgorithmIdentifier tbsSignature() {
        return tbsSignature;
    }

    /** The signature algorithm outside the TBS, next to the signature value. */
    public AlgorithmIdentifier outerSignature() {
        return outerSignature;
    }

    /** The issuer name's DER. */
    public byte[] issuer() {
        return issuer.clone();
    }

    /** notBefore as encoded: a UTCTime or GeneralizedTime, or anything a broken certificate holds. */
    public ASN1Primitive notBeforeTime() {
        return notBefore;
    }

    public ASN1Primitive notAfterTime() {
        return notAfter;
    }

    /** notBefore, if it is a readable time. */
    public Optional<Instant> notBefore() {
        return notBeforeInstant;
    }

    public Optional<Instant> notAfter() {
        return notAfterInstant;
    }

    /** The subject name's DER. */
    public byte[] subject() {
        return subject.clone();
    }

    public SubjectPublicKeyInfo subjectPublicKeyInfo() {
        return subjectPublicKeyInfo;
    }

    /** Whether issuerUniqueID or subjectUniqueID is present. */
    public boolean uniqueIdentifiers() {
        return uniqueIdentifiers;
    }

    /** Every extension in encoding order, repeats included. */
    public List<Extension> extensions() {
        return extensions;
    }

    /** The first extension {@code oid}. */
    public Optional<Extension> extension(ASN1ObjectIdentifier oid) {
        return extensions.stream().filter(e -> e.getExtnId().equals(oid)).findFirst();
    }

    /** How many times extension {@code oid} appears. */
    public long count(ASN1ObjectIdentifier oid) {
        return extensions.stream().filter(e -> e.getExtnId().equals(oid)).count();
    }

    public LintContext context() {
        return context;
    }

    /** The issuing certificate's subject DER. */
    public byte[] caSubject() {
        if (caSubject == null) {
            caSubject = context.issuer().getSubjectX500Principal().getEncoded();
        }
        return caSubject;
    }

    /** The issuing certificate's subject key identifier, if it has one. */
    public Optional<byte[]> caKeyIdentifier() {
        if (caKeyIdentifier == null) {
            caKeyIdentifier = readCaKeyIdentifier();
        }
        return caKeyIdentifier;
    }

    private Optional<byte[]> readCaKeyIdentifier() {
        X509Certificate ca = context.issuer();
        byte[] extnValue = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extnValue == null) {
            return Optional.empty();
        }
        return Optional.of(SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(extnValue).getOctets())
                .getKeyIdentifier());
    }

    /** A UTCTime or GeneralizedTime as an instant; empty for anything else. */
    static Optional<Instant> time(ASN1Primitive time) {
        Optional<Instant> der = derTime(time);
        if (der.isPresent()) {
            return der;
        }
        try {
            return Optional.of(Time.getInstance(time).getDate().toInstant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The two forms RFC 5280 allows ({@code YYMMDDHHMMSSZ}, {@code YYYYMMDDHHMMSSZ}) read digit by
     * digit: every issuance lints two certificates with two times each, and Bouncy Castle reads a
     * time through a new date formatter. Anything else is left to Bouncy Castle.
     */
    private static Optional<Instant> derTime(ASN1Primitive time) {
        byte[] encoded;
        try {
            encoded = time.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            return Optional.empty();
        }
        boolean utc = encoded.length == 15 && encoded[0] == 0x17 && encoded[1] == 13;
        boolean generalized = encoded.length == 17 && encoded[0] == 0x18 && encoded[1] == 15;
        if (!(utc || generalized) || encoded[encoded.length - 1] != 'Z') {
            return Optional.empty();
        }
        int[] digits = new int[encoded.length - 3];
        for (int k = 0; k < digits.length; k++) {
            int digit = encoded[2 + k] - '0';
            if (digit < 0 || digit > 9) {
                return Optional.empty();
            }
            digits[k] = digit;
        }
        int at = utc ? 2 : 4;
        int year = utc ? twoDigits(digits, 0) : twoDigits(digits, 0) * 100 + twoDigits(digits, 2);
        if (utc) {
            year += year >= 50 ? 1900 : 2000;
        }
        try {
            return Optional.of(LocalDateTime.of(year, twoDigits(digits, at), twoDigits(digits, at + 2),
                    twoDigits(digits, at + 4), twoDigits(digits, at + 6), twoDigits(digits, at + 8))
                    .toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int twoDigits(int[] digits, int at) {
        return digits[at] * 10 + digits[at + 1];
    }
}
