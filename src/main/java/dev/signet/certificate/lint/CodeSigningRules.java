package dev.signet.certificate.lint;

import static dev.signet.certificate.lint.LintRule.fail;
import static dev.signet.certificate.lint.LintRule.ok;

import dev.signet.codec.DerBytes;
import dev.signet.codec.StrictDer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The CA/Browser Forum Code Signing Baseline Requirements' subscriber-certificate items that apply
 * to a keyless leaf (its sections on subscriber certificates and key usage). AIA is not required: a Sigstore leaf has no
 * OCSP or CA-issuers location, and Fulcio's profile has none.
 */
final class CodeSigningRules {

    private static final String SOURCE = "CA/B Forum CSBR v3.10.0";
    private static final Duration MAX_LIFETIME = Duration.ofDays(460);
    private static final ASN1ObjectIdentifier ANY_EXTENDED_KEY_USAGE = KeyPurposeId.anyExtendedKeyUsage.toOID();

    private CodeSigningRules() {
    }

    static List<LintRule> rules() {
        return List.of(
                new LintRule("e_sub_cert_is_ca", SOURCE + " §7.1.2.3 (basicConstraints cA not true)", c -> {
                    Optional<Extension> bc = c.extension(Extension.basicConstraints);
                    if (bc.isEmpty()) {
                        return ok();
                    }
                    try {
                        return BasicConstraints.getInstance(bc.get().getParsedValue()).isCA()
                                ? fail("basicConstraints cA is true") : ok();
                    } catch (RuntimeException e) {
                        return fail("basicConstraints is malformed");
                    }
                }),
                new LintRule("e_sub_cert_key_usage", SOURCE + " §7.1.2.3 (KU critical, digitalSignature, no certSign)",
                        c -> {
                            Optional<Extension> ku = c.extension(Extension.keyUsage);
                            if (ku.isEmpty() || !ku.get().isCritical()) {
                                return fail("keyUsage missing or not critical");
                            }
                            KeyUsage usage;
                            try {
                                usage = KeyUsage.getInstance(ku.get().getParsedValue());
                            } catch (RuntimeException e) {
                                return fail("keyUsage is malformed");
                            }
                            if (!usage.hasUsages(KeyUsage.digitalSignature)) {
                                return fail("keyUsage lacks digitalSignature");
                            }
                            return usage.hasUsages(KeyUsage.keyCertSign) || usage.hasUsages(KeyUsage.cRLSign)
                                    ? fail("keyUsage has keyCertSign or cRLSign") : ok();
                        }),
                new LintRule("e_sub_cert_eku", SOURCE + " §7.1.2.3 (codeSigning; no anyEKU or serverAuth)", c -> {
                    Optional<Extension> eku = c.extension(Extension.extendedKeyUsage);
                    if (eku.isEmpty()) {
                        return fail("extendedKeyUsage missing");
                    }
                    List<ASN1ObjectIdentifier> purposes = purposes(eku.get());
                    if (!purposes.contains(KeyPurposeId.id_kp_codeSigning.toOID())) {
                        return fail("extendedKeyUsage lacks codeSigning");
                    }
                    return purposes.contains(ANY_EXTENDED_KEY_USAGE)
                            || purposes.contains(KeyPurposeId.id_kp_serverAuth.toOID())
                                    ? fail("extendedKeyUsage has anyExtendedKeyUsage or serverAuth") : ok();
                }),
                new LintRule("e_sub_cert_aki_critical", SOURCE + " §7.1.2.3 (AKI not critical)",
                        c -> c.extension(Extension.authorityKeyIdentifier).filter(Extension::isCritical).isPresent()
                                ? fail("authorityKeyIdentifier is critical") : ok()),
                new LintRule("e_sub_cert_serial_entropy", SOURCE + " §7.1 (64 bits of CSPRNG output)",
                        c -> c.serial().bitLength() > 64 ? ok()
                                : fail("serial has " + c.serial().bitLength() + " bits; random serials have 159")),
                new LintRule("e_sub_cert_validity_over_460_days", SOURCE + " §6.3.2", c -> {
                    if (c.notBefore().isEmpty() || c.notAfter().isEmpty()) {
                        return fail("validity times are unreadable");
                    }
                    return Duration.between(c.notBefore().get(), c.notAfter().get()).compareTo(MAX_LIFETIME) > 0
                            ? fail("lifetime over 460 days") : ok();
                }),
                new LintRule("e_signature_algorithm_not_allowed",
                        SOURCE + " §7.1.3.2, RFC 5758, RFC 8410 (algorithm matching the CA key)",
                        CodeSigningRules::signatureAlgorithm));
    }

    /** The key purposes of an EKU extension; empty when it is malformed. */
    static List<ASN1ObjectIdentifier> purposes(Extension eku) {
        List<ASN1ObjectIdentifier> purposes = new ArrayList<>();
        Optional<ASN1Primitive> value = StrictDer.parseValue(eku.getExtnValue().getOctets());
        if (value.isEmpty() || !(value.get() instanceof ASN1Sequence sequence)) {
            return purposes;
        }
        for (ASN1Encodable purpose : sequence) {
            if (!(purpose instanceof ASN1ObjectIdentifier oid)) {
                return List.of();
            }
            purposes.add(oid);
        }
        return purposes;
    }

    /**
     * The TBS signature algorithm is the one the CA's key signs with (ECDSA with the curve's hash and
     * no parameters, sha256WithRSA with NULL parameters, Ed25519 with none).
     */
    private static Optional<String> signatureAlgorithm(LintedCertificate c) {
        AlgorithmIdentifier expected = expectedAlgorithm(
                SubjectPublicKeyInfo.getInstance(c.context().issuer().getPublicKey().getEncoded()));
        if (expected == null) {
            return fail("the CA key type has no allowed signature algorithm");
        }
        return java.util.Arrays.equals(DerBytes.encode(expected), DerBytes.encode(c.tbsSignature())) ? ok()
                : fail("signature algorithm " + c.tbsSignature().getAlgorithm() + " is not "
                        + expected.getAlgorithm() + " as the CA key requires");
    }

    private static AlgorithmIdentifier expectedAlgorithm(SubjectPublicKeyInfo caKey) {
        ASN1ObjectIdentifier algorithm = caKey.getAlgorithm().getAlgorithm();
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            Object curve = caKey.getAlgorithm().getParameters();
            if (SECObjectIdentifiers.secp256r1.equals(curve)) {
                return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            }
            if (SECObjectIdentifiers.secp384r1.equals(curve)) {
                return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384);
            }
            if (SECObjectIdentifiers.secp521r1.equals(curve)) {
                return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA512);
            }
            return null;
        }
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
        }
        if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
        }
        return null;
    }
}
