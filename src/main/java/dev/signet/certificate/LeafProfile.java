package dev.signet.certificate;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Builds the Fulcio leaf profile: the to-be-signed certificate for an identity and key.
 *
 * <p>The profile is Fulcio v1.8.8's: v3, random 20-octet positive serial, empty subject, the
 * issuing certificate's subject as issuer, and the extensions KU, EKU, SKI, AKI, SAN, then the
 * Sigstore extensions in OID order. Configurable are the validity and whether the SKI is written:
 * Fulcio v1.8.8 writes it, Fulcio's later main branch does not.
 */
public final class LeafProfile {

    /** Longest validity a leaf may have. */
    public static final Duration MAX_VALIDITY = Duration.ofHours(24);

    /** The CT precertificate poison extension (RFC 6962), critical, value ASN.1 NULL. */
    public static final ASN1ObjectIdentifier CT_PRECERT_POISON = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.3");

    /** The CT embedded SCT list extension (RFC 6962), non-critical. */
    public static final ASN1ObjectIdentifier CT_SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");

    private static final int SERIAL_OCTETS = 20;

    private static final byte[] DER_NULL = {0x05, 0x00};

    // Identity values are bounded long before here; this only stops absurd input reaching DER.
    private static final int MAX_VALUE_CHARS = 64 * 1024;

    private static final Extension KEY_USAGE =
            extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    private static final Extension CODE_SIGNING = extension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));

    private final Duration validity;
    private final boolean subjectKeyIdentifier;
    private final Clock clock;
    private final SecureRandom random;
    /** The issuer of the last leaf: a CA signs under one issuing certificate until it rotates. */
    private volatile IssuerParts lastIssuer;

    /**
     * @param validity lifetime of every leaf: positive, whole seconds, at most {@link #MAX_VALIDITY}
     * @param clock    source of {@code notBefore}
     * @param random   source of serial numbers
     */
    public LeafProfile(Duration validity, Clock clock, SecureRandom random) {
        this(validity, clock, random, true);
    }

    /**
     * @param validity             lifetime of every leaf: positive, whole seconds, at most {@link #MAX_VALIDITY}
     * @param clock                source of {@code notBefore}
     * @param random               source of serial numbers
     * @param subjectKeyIdentifier whether leaves carry a Subject Key Identifier, as Fulcio v1.8.8's do
     */
    public LeafProfile(Duration validity, Clock clock, SecureRandom random, boolean subjectKeyIdentifier) {
        this.validity = checkValidity(validity);
        this.subjectKeyIdentifier = subjectKeyIdentifier;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The validity, checked: positive, whole seconds, at most 24 hours; otherwise IllegalArgumentException. */
    public static Duration checkValidity(Duration validity) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("certificate validity must be positive, got " + validity);
        }
        if (validity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("certificate validity must be at most 24h, got " + validity);
        }
        if (validity.getNano() != 0) {
            throw new IllegalArgumentException("certificate validity must be whole seconds, got " + validity);
        }
        return validity;
    }

    public Duration validity() {
        return validity;
    }

    /** Whether leaves carry a Subject Key Identifier. */
    public boolean writesSubjectKeyIdentifier() {
        return subjectKeyIdentifier;
    }

    /** The leaf for {@code identity} and {@code subjectKey} under {@code issuer}, valid from now. */
    public LeafTemplate template(X509Certificate issuer, PublicKey subjectKey, CertificateIdentity identity) {
        Objects.requireNonNull(issuer, "issuer");
        IssuerParts parts = lastIssuer;
        if (parts == null || parts.certificate() != issuer) {
            parts = IssuerParts.of(issuer);
            lastIssuer = parts;
        }
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return template(randomSerial(random), notBefore, notBefore.plus(validity), parts, subjectKey, identity,
                subjectKeyIdentifier);
    }

    /**
     * The leaf with every field given. Throws IllegalArgumentException when the key cannot be
     * encoded, the issuer's subject is not DER, or a SAN or extension value is malformed.
     */
    public static LeafTemplate template(BigInteger serial, Instant notBefore, Instant notAfter,
            X509Certificate issuer, PublicKey subjectKey, CertificateIdentity identity) {
        return template(serial, notBefore, notAfter, IssuerParts.of(Objects.requireNonNull(issuer, "issuer")),
                subjectKey, identity, true);
    }

    private static LeafTemplate template(BigInteger serial, Instant notBefore, Instant notAfter, IssuerParts issuer,
            PublicKey subjectKey, CertificateIdentity identity, boolean subjectKeyIdentifier) {
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(identity, "identity");
        SubjectPublicKeyInfo keyInfo = subjectPublicKeyInfo(subjectKey);
        return new LeafTemplate(serial, issuer.name(), notBefore, notAfter, keyInfo,
                extensions(keyInfo, issuer, identity, subjectKeyIdentifier));
    }

    /**
     * The leaf extensions in profile order: KU, EKU, SKI (if wanted), AKI (if the issuer has an SKI),
     * SAN, Sigstore.
     */
    private static LeafExtensions extensions(SubjectPublicKeyInfo keyInfo, IssuerParts issuer,
            CertificateIdentity identity, boolean subjectKeyIdentifier) {
        List<Extension> list = new ArrayList<>(8 + identity.extensions().size());
        list.add(KEY_USAGE);
        list.add(CODE_SIGNING);
        if (subjectKeyIdentifier) {
            list.add(extension(Extension.subjectKeyIdentifier, false,
                    new SubjectKeyIdentifier(subjectKeyIdentifier(keyInfo))));
        }
        issuer.authorityKeyIdentifier().ifPresent(list::add);
        list.add(subjectAltName(identity.subjectAltName()));
        for (Map.Entry<SigstoreOid, String> entry : identity.extensions().entrySet()) {
            list.add(sigstoreExtension(entry.getKey(), entry.getValue()));
        }
        return new LeafExtensions(list);
    }

    /** What every leaf takes from its issuing certificate, read and checked once per certificate. */
    private record IssuerParts(X509Certificate certificate, X500Name name, Optional<Extension> authorityKeyIdentifier) {
        static IssuerParts of(X509Certificate issuer) {
            return new IssuerParts(issuer, issuerName(issuer), issuerKeyIdentifier(issuer).map(
                    keyId -> extension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyId))));
        }
    }

    /** The precertificate poison extension: critical, value ASN.1 NULL; appended last to a precertificate. */
    public static Extension precertificatePoison() {
        return new Extension(CT_PRECERT_POISON, true, DER_NULL.clone());
    }

    /** 20 random octets with the top bit cleared: positive, at most 20 octets in DER, never zero. */
    public static BigInteger randomSerial(SecureRandom random) {
        byte[] octets = new byte[SERIAL_OCTETS];
        BigInteger serial;
        do {
            random.nextBytes(octets);
            octets[0] &= 0x7f;
            serial = new BigInteger(1, octets);
        } while (serial.signum() == 0);
        return serial;
    }

    /** RFC 5280 §4.2.1.2 method 1: SHA-1 over the subjectPublicKey BIT STRING contents. */
    public static byte[] subjectKeyIdentifier(SubjectPublicKeyInfo keyInfo) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(keyInfo.getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** The critical SAN extension holding exactly {@code san}. */
    public static Extension subjectAltName(SubjectAltName san) {
        String value = san.value();
        GeneralName name = switch (san.type()) {
            case EMAIL -> new GeneralName(GeneralName.rfc822Name, ia5(value, "email"));
            case URI -> new GeneralName(GeneralName.uniformResourceIdentifier, ia5(value, "URI"));
            // OtherName writes the value under [0] EXPLICIT itself.
            case USERNAME -> new GeneralName(GeneralName.otherName, new OtherName(
                    new ASN1ObjectIdentifier(SigstoreOid.OTHER_NAME_SAN), utf8(value, "username")));
        };
        return extension(Extension.subjectAlternativeName, true, new GeneralNames(name));
    }

    /** A non-critical Sigstore extension with the encoding its OID prescribes. */
    public static Extension sigstoreExtension(SigstoreOid oid, String value) {
        byte[] extnValue;
        try {
            extnValue = switch (oid.encoding()) {
                // Fulcio's historical .1 to .6: the string's bytes with no DER wrapper.
                case RAW -> strictUtf8(value, oid.name());
                case UTF8_STRING -> utf8(value, oid.name()).getEncoded(ASN1Encoding.DER);
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("extension " + oid.name() + " could not be encoded", e);
        }
        return new Extension(new ASN1ObjectIdentifier(oid.oid()), false, extnValue);
    }

    private static SubjectPublicKeyInfo subjectPublicKeyInfo(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new IllegalArgumentException("subject key has no X.509 encoding");
        }
        try {
            return SubjectPublicKeyInfo.getInstance(encoded);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("subject key is not a SubjectPublicKeyInfo", e);
        }
    }

    /**
     * The issuer's subject exactly as encoded in its certificate. Bouncy Castle re-encodes names in
     * DER, so a subject that is not already DER would change bytes and break chain building by
     * byte comparison; such an issuer is refused.
     */
    private static X500Name issuerName(X509Certificate issuer) {
        byte[] subject = issuer.getSubjectX500Principal().getEncoded();
        try {
            X500Name name = X500Name.getInstance(subject);
            if (!Arrays.equals(name.getEncoded(ASN1Encoding.DER), subject)) {
                throw new IllegalArgumentException("issuer subject is not DER-encoded");
            }
            return name;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("issuer subject cannot be parsed", e);
        }
    }

    private static Optional<byte[]> issuerKeyIdentifier(X509Certificate issuer) {
        byte[] extnValue = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extnValue == null) {
            return Optional.empty();
        }
        try {
            byte[] inner = ASN1OctetString.getInstance(extnValue).getOctets();
            return Optional.of(SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("issuer subjectKeyIdentifier is malformed", e);
        }
    }

    private static Extension extension(ASN1ObjectIdentifier oid, boolean critical,
            org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            return new Extension(oid, critical, value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalArgumentException("extension " + oid + " could not be encoded", e);
        }
    }

    /** Email and URI SANs: printable ASCII, no space or control character, IA5String-validated. */
    private static DERIA5String ia5(String value, String what) {
        checkLength(value, what);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException(what + " SAN must be printable ASCII without spaces");
            }
        }
        return new DERIA5String(value, true);
    }

    private static DERUTF8String utf8(String value, String what) {
        strictUtf8(value, what);
        return new DERUTF8String(value);
    }

    /** UTF-8 bytes, refusing strings that are not well-formed Unicode (lone surrogates). */
    private static byte[] strictUtf8(String value, String what) {
        checkLength(value, what);
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not well-formed Unicode", e);
        }
    }

    private static void checkLength(String value, String what) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.length() > MAX_VALUE_CHARS) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_VALUE_CHARS + " characters");
        }
    }
}
