package dev.signet.certificate.lint;

import static dev.signet.certificate.lint.LintRule.fail;
import static dev.signet.certificate.lint.LintRule.ok;

import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.MlDsaParameterSet;
import dev.signet.certificate.SigstoreOid;
import dev.signet.codec.StrictDer;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Fulcio's leaf profile (its {@code docs/certificate-specification.md} and {@code docs/oid-info.md}):
 * what makes a certificate a Sigstore code-signing leaf rather than just a valid one.
 */
final class FulcioProfileRules {

    private static final String SOURCE = "Fulcio certificate specification";
    private static final byte[] EMPTY_NAME = {0x30, 0x00};
    private static final byte[] DIGITAL_SIGNATURE_ONLY = {0x03, 0x02, 0x07, (byte) 0x80};
    private static final ASN1ObjectIdentifier USERNAME_SAN = new ASN1ObjectIdentifier(SigstoreOid.OTHER_NAME_SAN);
    private static final BigInteger RSA_EXPONENT = BigInteger.valueOf(65537);
    private static final Map<ASN1ObjectIdentifier, SigstoreOid> SIGSTORE = new HashMap<>();
    /** The profile's extensions in their encoding order; Sigstore ones sort by OID between SAN and CT. */
    private static final List<ASN1ObjectIdentifier> LEADING = List.of(Extension.keyUsage, Extension.extendedKeyUsage,
            Extension.subjectKeyIdentifier, Extension.authorityKeyIdentifier, Extension.subjectAlternativeName);
    private static final List<ASN1ObjectIdentifier> TRAILING = List.of(LeafProfile.CT_PRECERT_POISON,
            LeafProfile.CT_SCT_LIST);

    static {
        for (SigstoreOid oid : SigstoreOid.values()) {
            SIGSTORE.put(new ASN1ObjectIdentifier(oid.oid()), oid);
        }
    }

    private FulcioProfileRules() {
    }

    static List<LintRule> rules() {
        return List.of(
                new LintRule("e_subject_not_empty", SOURCE + " (empty subject)",
                        c -> Arrays.equals(c.subject(), EMPTY_NAME) ? ok() : fail("subject is not an empty SEQUENCE")),
                new LintRule("e_san_not_one_critical_name", SOURCE + " (exactly one critical SAN)",
                        FulcioProfileRules::subjectAltName),
                new LintRule("e_key_usage_not_digital_signature_only", SOURCE + " (KU digitalSignature, critical)",
                        c -> {
                            Optional<Extension> ku = c.extension(Extension.keyUsage);
                            if (ku.isEmpty() || !ku.get().isCritical()) {
                                return fail("keyUsage missing or not critical");
                            }
                            return Arrays.equals(ku.get().getExtnValue().getOctets(), DIGITAL_SIGNATURE_ONLY) ? ok()
                                    : fail("keyUsage is not digitalSignature alone");
                        }),
                new LintRule("e_eku_not_code_signing_only", SOURCE + " (EKU codeSigning, non-critical)", c -> {
                    Optional<Extension> eku = c.extension(Extension.extendedKeyUsage);
                    if (eku.isEmpty() || eku.get().isCritical()) {
                        return fail("extendedKeyUsage missing or critical");
                    }
                    List<ASN1ObjectIdentifier> purposes = CodeSigningRules.purposes(eku.get());
                    return purposes.equals(List.of(KeyPurposeId.id_kp_codeSigning.toOID())) ? ok()
                            : fail("extendedKeyUsage is " + purposes + ", not codeSigning alone");
                }),
                new LintRule("e_extension_not_in_profile", SOURCE + " (leaf extensions)", c -> {
                    for (Extension extension : c.extensions()) {
                        ASN1ObjectIdentifier oid = extension.getExtnId();
                        if (!LEADING.contains(oid) && !TRAILING.contains(oid) && !SIGSTORE.containsKey(oid)) {
                            return fail("extension " + oid + " is not part of the leaf profile");
                        }
                    }
                    return ok();
                }),
                new LintRule("e_extension_order", SOURCE + " (extension order, as Fulcio writes it)",
                        FulcioProfileRules::order),
                new LintRule("e_validity_too_long", SOURCE + " (configured lifetime)", c -> {
                    if (c.notBefore().isEmpty() || c.notAfter().isEmpty()) {
                        return fail("validity times are unreadable");
                    }
                    Duration lifetime = Duration.between(c.notBefore().get(), c.notAfter().get());
                    return lifetime.compareTo(c.context().maxValidity()) <= 0 ? ok()
                            : fail("lifetime " + lifetime + " exceeds the configured " + c.context().maxValidity());
                }),
                new LintRule("e_validity_outside_issuer", SOURCE + " (lifetime within the parent's)", c -> {
                    if (c.notBefore().isEmpty() || c.notAfter().isEmpty()) {
                        return fail("validity times are unreadable");
                    }
                    Instant caNotBefore = c.context().issuer().getNotBefore().toInstant();
                    Instant caNotAfter = c.context().issuer().getNotAfter().toInstant();
                    if (c.notBefore().get().isBefore(caNotBefore)) {
                        return fail("notBefore precedes the CA certificate's notBefore " + caNotBefore);
                    }
                    return c.notAfter().get().isAfter(caNotAfter)
                            ? fail("notAfter is beyond the CA certificate's notAfter " + caNotAfter) : ok();
                }),
                new LintRule("e_subject_key_not_allowed",
                        SOURCE + " (P-256/384/521, RSA 2048-4096 e=65537, Ed25519), RFC 9881 (ML-DSA-44/65/87)",
                        c -> subjectKey(c.subjectPublicKeyInfo())),
                new LintRule("e_sigstore_raw_encoding", "Fulcio docs/oid-info.md (.1.1-.1.6 raw UTF-8)",
                        c -> sigstore(c, SigstoreOid.Encoding.RAW)),
                new LintRule("e_sigstore_utf8string_encoding", "Fulcio docs/oid-info.md (.1.8 on DER UTF8String)",
                        c -> sigstore(c, SigstoreOid.Encoding.UTF8_STRING)),
                new LintRule("e_sigstore_issuer_missing", SOURCE + " (issuer in .1.8)", FulcioProfileRules::issuer));
    }

    /** One critical SAN extension holding one GeneralName of a form Sigstore uses, well encoded. */
    private static Optional<String> subjectAltName(LintedCertificate c) {
        if (c.count(Extension.subjectAlternativeName) != 1) {
            return fail("expected exactly one subjectAltName extension");
        }
        Extension san = c.extension(Extension.subjectAlternativeName).orElseThrow();
        if (!san.isCritical()) {
            return fail("subjectAltName is not critical");
        }
        Optional<ASN1Primitive> value = StrictDer.parseValue(san.getExtnValue().getOctets());
        if (value.isEmpty() || !(value.get() instanceof ASN1Sequence names) || names.size() != 1) {
            return fail("subjectAltName does not hold exactly one name");
        }
        try {
            GeneralName name = GeneralName.getInstance(names.getObjectAt(0));
            return switch (name.getTagNo()) {
                case GeneralName.rfc822Name, GeneralName.uniformResourceIdentifier ->
                    ASN1IA5String.getInstance(name.getName()).getString().isEmpty()
                            ? fail("subjectAltName is empty") : ok();
                case GeneralName.otherName -> otherName(ASN1Sequence.getInstance(name.getName()));
                default -> fail("subjectAltName of GeneralName type " + name.getTagNo());
            };
        } catch (RuntimeException e) {
            return fail("subjectAltName name is malformed");
        }
    }

    private static Optional<String> otherName(ASN1Sequence otherName) {
        if (otherName.size() != 2 || !USERNAME_SAN.equals(otherName.getObjectAt(0))) {
            return fail("otherName SAN without the Sigstore username type-id");
        }
        ASN1TaggedObject value = ASN1TaggedObject.getInstance(otherName.getObjectAt(1));
        if (value.getTagNo() != 0 || !(value.getExplicitBaseObject() instanceof ASN1UTF8String username)
                || username.getString().isEmpty()) {
            return fail("otherName SAN value is not a non-empty [0] EXPLICIT UTF8String");
        }
        return ok();
    }

    /** KU, EKU, SKI, AKI, SAN (those present), then Sigstore extensions by OID, then the CT extension. */
    private static Optional<String> order(LintedCertificate c) {
        List<Integer> ranks = new ArrayList<>();
        for (Extension extension : c.extensions()) {
            ASN1ObjectIdentifier oid = extension.getExtnId();
            int rank;
            if (LEADING.contains(oid)) {
                rank = LEADING.indexOf(oid);
            } else if (SIGSTORE.containsKey(oid)) {
                rank = LEADING.size() + SIGSTORE.get(oid).ordinal();
            } else if (TRAILING.contains(oid)) {
                rank = LEADING.size() + SigstoreOid.values().length;
            } else {
                continue;
            }
            if (!ranks.isEmpty() && rank <= ranks.get(ranks.size() - 1)) {
                return fail("extension " + oid + " is out of profile order");
            }
            ranks.add(rank);
        }
        return ok();
    }

    private static Optional<String> subjectKey(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            Object curve = key.getAlgorithm().getParameters();
            return SECObjectIdentifiers.secp256r1.equals(curve) || SECObjectIdentifiers.secp384r1.equals(curve)
                    || SECObjectIdentifiers.secp521r1.equals(curve) ? ok() : fail("EC key on curve " + curve);
        }
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            try {
                RSAPublicKey rsa = RSAPublicKey.getInstance(key.parsePublicKey());
                int bits = rsa.getModulus().bitLength();
                if (bits != 2048 && bits != 3072 && bits != 4096) {
                    return fail("RSA key of " + bits + " bits");
                }
                return rsa.getPublicExponent().equals(RSA_EXPONENT) ? ok() : fail("RSA exponent is not 65537");
            } catch (java.io.IOException | RuntimeException e) {
                return fail("RSA key is malformed");
            }
        }
        if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return key.getAlgorithm().getParameters() == null ? ok() : fail("Ed25519 key with parameters");
        }
        Optional<MlDsaParameterSet> mlDsa = MlDsaParameterSet.fromOid(algorithm);
        if (mlDsa.isPresent()) {
            if (key.getAlgorithm().getParameters() != null) {
                return fail(mlDsa.get() + " key with parameters");
            }
            int length = key.getPublicKeyData().getOctets().length;
            return key.getPublicKeyData().getPadBits() == 0 && length == mlDsa.get().publicKeyBytes() ? ok()
                    : fail(mlDsa.get() + " key of " + length + " bytes");
        }
        return fail("subject key algorithm " + algorithm + " is not allowed");
    }

    /** Every Sigstore extension of this encoding: non-critical, non-empty, encoded as its OID prescribes. */
    private static Optional<String> sigstore(LintedCertificate c, SigstoreOid.Encoding encoding) {
        for (Extension extension : c.extensions()) {
            SigstoreOid oid = SIGSTORE.get(extension.getExtnId());
            if (oid == null || oid.encoding() != encoding) {
                continue;
            }
            if (extension.isCritical()) {
                return fail(oid + " is critical");
            }
            byte[] value = extension.getExtnValue().getOctets();
            Optional<String> problem = encoding == SigstoreOid.Encoding.RAW ? raw(value) : utf8String(value);
            if (problem.isPresent()) {
                return fail(oid + " " + problem.get());
            }
        }
        return ok();
    }

    /** Bare UTF-8; a value that is itself a whole DER UTF8String was wrapped by mistake. */
    private static Optional<String> raw(byte[] value) {
        if (value.length == 0) {
            return fail("is empty");
        }
        if (!wellFormedUtf8(value)) {
            return fail("is not well-formed UTF-8");
        }
        // Only a value starting with the UTF8String tag can be one; anything else is raw without a parse.
        return value[0] == 0x0c && StrictDer.parseValue(value).filter(v -> v instanceof ASN1UTF8String).isPresent()
                ? fail("is DER-wrapped, not raw") : ok();
    }

    private static Optional<String> utf8String(byte[] value) {
        Optional<ASN1Primitive> parsed = StrictDer.parseValue(value);
        if (parsed.isEmpty() || !(parsed.get() instanceof ASN1UTF8String string) || value[0] != 0x0c) {
            return fail("is not exactly one DER UTF8String");
        }
        if (string.getString().isEmpty()) {
            return fail("is empty");
        }
        int header = (value[1] & 0xff) < 0x80 ? 2 : 2 + (value[1] & 0x7f);
        return wellFormedUtf8(Arrays.copyOfRange(value, header, value.length)) ? ok()
                : fail("is not well-formed UTF-8");
    }

    private static boolean wellFormedUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The issuer in .1.8; the deprecated .1.1, when present, says the same. */
    private static Optional<String> issuer(LintedCertificate c) {
        Optional<Extension> v2 = c.extension(new ASN1ObjectIdentifier(SigstoreOid.ISSUER_V2.oid()));
        if (v2.isEmpty()) {
            return fail("the OIDC issuer extension .1.8 is missing");
        }
        Optional<Extension> v1 = c.extension(new ASN1ObjectIdentifier(SigstoreOid.ISSUER_V1.oid()));
        if (v1.isEmpty()) {
            return ok();
        }
        Optional<ASN1Primitive> v2Value = StrictDer.parseValue(v2.get().getExtnValue().getOctets());
        if (v2Value.isEmpty() || !(v2Value.get() instanceof ASN1UTF8String issuer)) {
            return fail("the OIDC issuer extension .1.8 is unreadable");
        }
        return Arrays.equals(issuer.getString().getBytes(StandardCharsets.UTF_8), v1.get().getExtnValue().getOctets())
                ? ok() : fail("issuer .1.1 and .1.8 differ");
    }
}
