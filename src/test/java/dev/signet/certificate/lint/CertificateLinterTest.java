package dev.signet.certificate.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.TestPki;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.LeafTemplate;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateLinterTest {

    private static final TestPki.TwoLevel PKI = TestPki.twoLevel("P-256");
    private static final X509Certificate CA = PKI.intermediate();
    private static final KeyPair CLIENT = TestPki.keyPair("P-384");
    private static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Instant NOT_BEFORE = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final AlgorithmIdentifier ECDSA_SHA256 =
            new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    private static final ASN1ObjectIdentifier ISSUER_V1 = oid(SigstoreOid.ISSUER_V1);
    private static final ASN1ObjectIdentifier ISSUER_V2 = oid(SigstoreOid.ISSUER_V2);
    private static final ASN1ObjectIdentifier WORKFLOW_TRIGGER = oid(SigstoreOid.GITHUB_WORKFLOW_TRIGGER);
    private static final ASN1ObjectIdentifier TOKEN_SUBJECT = oid(SigstoreOid.TOKEN_SUBJECT);

    private static final CertificateLinter LINTER = CertificateLinter.standard();

    /** One way of breaking one rule. */
    record Case(String rule, String how, LeafKind kind, Consumer<LeafDer> breakIt) {
        @Override
        public String toString() {
            return rule + " (" + how + ")";
        }
    }

    private static LeafDer leaf(LeafKind kind) {
        return leaf(kind, CLIENT.getPublic());
    }

    private static LeafDer leaf(LeafKind kind, java.security.PublicKey clientKey) {
        Map<SigstoreOid, String> values = new EnumMap<>(SigstoreOid.class);
        values.put(SigstoreOid.ISSUER_V1, "https://token.actions.githubusercontent.com");
        values.put(SigstoreOid.GITHUB_WORKFLOW_TRIGGER, "push");
        values.put(SigstoreOid.ISSUER_V2, "https://token.actions.githubusercontent.com");
        values.put(SigstoreOid.SOURCE_REPOSITORY_REF, "refs/heads/main");
        values.put(SigstoreOid.TOKEN_SUBJECT, "repo:signet/signet:ref:refs/heads/main");
        LeafTemplate template = LeafProfile.template(TestPki.serial(), NOT_BEFORE, NOT_BEFORE.plus(LIFETIME), CA,
                clientKey, new CertificateIdentity(SubjectAltName.uri(
                        "https://github.com/signet/signet/.github/workflows/release.yml@refs/heads/main"), values));
        LeafDer der = LeafDer.of(template, ECDSA_SHA256);
        switch (kind) {
            case PRECERTIFICATE -> der.extensions.add(LeafProfile.precertificatePoison());
            case FINAL -> der.extensions.add(sctList(validSctList()));
            case UNLOGGED -> {
            }
        }
        return der;
    }

    private static List<LintFinding> lint(LeafDer der, LeafKind kind) {
        return LINTER.lint(der.encode(), new LintContext(CA, LIFETIME, kind));
    }

    @ParameterizedTest
    @EnumSource(LeafKind.class)
    void theProfileLeafOfEachKindIsClean(LeafKind kind) {
        assertEquals(List.of(), lint(leaf(kind), kind));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ML-DSA-44", "ML-DSA-65", "ML-DSA-87"})
    void aLeafForAnMlDsaKeyIsClean(String parameterSet) {
        LeafDer der = leaf(LeafKind.FINAL, mlDsa(parameterSet).getPublic());
        assertEquals(List.of(), lint(der, LeafKind.FINAL));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachBrokenCertificateBreaksItsRule(Case c) {
        LeafDer der = leaf(c.kind());
        c.breakIt().accept(der);
        List<String> broken = lint(der, c.kind()).stream().map(LintFinding::rule).toList();
        assertTrue(broken.contains(c.rule()), c + " should break " + c.rule() + " but broke " + broken);
    }

    @ParameterizedTest
    @EnumSource(LeafKind.class)
    void theSubjectKeyIdentifierIsRequiredOrRefusedAsConfigured(LeafKind kind) {
        LeafDer without = leaf(kind);
        without.remove(Extension.subjectKeyIdentifier);
        List<LintFinding> clean = LINTER.lint(without.encode(), new LintContext(CA, LIFETIME, kind, false));
        assertEquals(List.of(), clean);

        List<String> broken = LINTER.lint(leaf(kind).encode(), new LintContext(CA, LIFETIME, kind, false)).stream()
                .map(LintFinding::rule).toList();
        assertEquals(List.of("e_subject_key_identifier"), broken);
    }

    @Test
    void everyRuleHasACertificateThatBreaksIt() {
        Set<String> covered = cases().map(Case::rule).collect(Collectors.toCollection(TreeSet::new));
        Set<String> rules = LINTER.rules().stream().map(LintRule::name).collect(Collectors.toCollection(TreeSet::new));
        rules.add(CertificateLinter.UNPARSABLE);
        assertEquals(rules, covered);
    }

    @Test
    void ruleNamesAreStableMetricLabels() {
        for (LintRule rule : LINTER.rules()) {
            assertTrue(rule.name().matches("e_[a-z0-9_]+"), rule.name());
            assertTrue(!rule.source().isBlank(), rule.name());
        }
    }

    @Test
    void bytesThatAreNoCertificateAreOneFinding() {
        for (byte[] garbage : List.of(new byte[0], new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, "hello".getBytes(),
                new byte[] {0x30, (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff})) {
            List<LintFinding> findings = LINTER.lint(garbage, new LintContext(CA, LIFETIME, LeafKind.UNLOGGED));
            assertEquals(List.of(CertificateLinter.UNPARSABLE), findings.stream().map(LintFinding::rule).toList());
        }
    }

    @Test
    void aCertificateBreakingSeveralRulesReportsEach() {
        LeafDer der = leaf(LeafKind.UNLOGGED);
        der.version = 1;
        der.subject = new X500Name("CN=alice");
        List<String> broken = lint(der, LeafKind.UNLOGGED).stream().map(LintFinding::rule).toList();
        assertEquals(List.of("e_version_not_v3", "e_subject_not_empty"), broken);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        LeafKind u = LeafKind.UNLOGGED;
        LeafKind p = LeafKind.PRECERTIFICATE;
        LeafKind f = LeafKind.FINAL;
        // RFC 5280
        cases.add(new Case("e_tbs_not_der", "long-form TBS length", u, d -> d.longFormTbsLength = true));
        cases.add(new Case("e_version_not_v3", "v2", u, d -> d.version = 1));
        cases.add(new Case("e_version_not_v3", "v1 (no version field)", u, d -> d.version = null));
        cases.add(new Case("e_serial_not_positive", "zero", u, d -> d.serial = BigInteger.ZERO));
        cases.add(new Case("e_serial_not_positive", "negative", u, d -> d.serial = d.serial.negate()));
        cases.add(new Case("e_serial_too_long", "21 octets", u, d -> d.serial = BigInteger.ONE.shiftLeft(160)));
        cases.add(new Case("e_signature_algorithm_mismatch", "outer SHA-384", u,
                d -> d.outerSignature = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384)));
        cases.add(new Case("e_validity_time_encoding", "GeneralizedTime before 2050", u,
                d -> d.notBefore = new DERGeneralizedTime(Date.from(NOT_BEFORE))));
        cases.add(new Case("e_validity_time_encoding", "UTCTime without seconds", u,
                d -> d.notAfter = der(LeafDer.tlv(0x17, "3001010000Z".getBytes(StandardCharsets.US_ASCII)))));
        cases.add(new Case("e_validity_not_ordered", "notAfter = notBefore", u, d -> d.notAfter = d.notBefore));
        cases.add(new Case("e_issuer_not_ca_subject", "another name", u,
                d -> d.issuer = new X500Name("CN=Test Intermediate, O=Elsewhere")));
        cases.add(new Case("e_unique_identifier_present", "issuerUniqueID", u, d -> d.uniqueIdentifier = true));
        cases.add(new Case("e_extensions_missing", "none", u, d -> d.extensions.clear()));
        cases.add(new Case("e_extension_duplicate", "token subject twice", u,
                d -> d.extensions.add(utf8(TOKEN_SUBJECT, "again"))));
        cases.add(new Case("e_empty_subject_san_not_critical", "SAN non-critical", u,
                d -> d.replace(Extension.subjectAlternativeName,
                        reCritical(d, Extension.subjectAlternativeName, false))));
        cases.add(new Case("e_authority_key_identifier", "other key id", u,
                d -> d.replace(Extension.authorityKeyIdentifier,
                        ext(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(new byte[20])))));
        cases.add(
                new Case("e_authority_key_identifier", "missing", u, d -> d.remove(Extension.authorityKeyIdentifier)));
        cases.add(new Case("e_authority_key_identifier", "with issuer and serial", u,
                d -> d.replace(Extension.authorityKeyIdentifier, ext(Extension.authorityKeyIdentifier, false,
                        new AuthorityKeyIdentifier(caKeyId(), new GeneralNames(new GeneralName(new X500Name("CN=x"))),
                                BigInteger.ONE)))));
        cases.add(new Case("e_subject_key_identifier", "missing", u, d -> d.remove(Extension.subjectKeyIdentifier)));
        cases.add(new Case("e_subject_key_identifier", "not the key's hash", u, d -> d.replace(
                Extension.subjectKeyIdentifier, ext(Extension.subjectKeyIdentifier, false,
                        new SubjectKeyIdentifier(new byte[20])))));
        // Fulcio's profile
        cases.add(new Case("e_subject_not_empty", "CN", u, d -> d.subject = new X500Name("CN=alice")));
        cases.add(new Case("e_san_not_one_critical_name", "two names", u,
                d -> d.replace(Extension.subjectAlternativeName,
                        ext(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName[] {
                                new GeneralName(GeneralName.rfc822Name, "a@b.c"),
                                new GeneralName(GeneralName.rfc822Name, "d@e.f")})))));
        cases.add(new Case("e_san_not_one_critical_name", "dNSName", u, d -> d.replace(Extension.subjectAlternativeName,
                ext(Extension.subjectAlternativeName, true, new GeneralNames(
                        new GeneralName(GeneralName.dNSName, "example.com"))))));
        cases.add(new Case("e_san_not_one_critical_name", "otherName of another type", u, d -> d.replace(
                Extension.subjectAlternativeName, ext(Extension.subjectAlternativeName, true, new GeneralNames(
                        new GeneralName(GeneralName.otherName, new OtherName(new ASN1ObjectIdentifier("1.2.3.4"),
                                new DERUTF8String("bob"))))))));
        cases.add(new Case("e_san_not_one_critical_name", "empty email", u,
                d -> d.replace(Extension.subjectAlternativeName,
                        ext(Extension.subjectAlternativeName, true, new GeneralNames(
                                new GeneralName(GeneralName.rfc822Name, new DERIA5String("")))))));
        cases.add(new Case("e_san_not_one_critical_name", "not critical", u,
                d -> d.replace(Extension.subjectAlternativeName,
                        reCritical(d, Extension.subjectAlternativeName, false))));
        cases.add(new Case("e_key_usage_not_digital_signature_only", "plus keyEncipherment", u, d -> d.replace(
                Extension.keyUsage, ext(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment)))));
        cases.add(new Case("e_key_usage_not_digital_signature_only", "not critical", u,
                d -> d.replace(Extension.keyUsage, reCritical(d, Extension.keyUsage, false))));
        cases.add(new Case("e_eku_not_code_signing_only", "plus emailProtection", u, d -> d.replace(
                Extension.extendedKeyUsage, ext(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_codeSigning, KeyPurposeId.id_kp_emailProtection})))));
        cases.add(new Case("e_eku_not_code_signing_only", "critical", u,
                d -> d.replace(Extension.extendedKeyUsage, reCritical(d, Extension.extendedKeyUsage, true))));
        cases.add(new Case("e_extension_not_in_profile", "basicConstraints cA false", u,
                d -> d.extensions.add(ext(Extension.basicConstraints, true, new BasicConstraints(false)))));
        cases.add(new Case("e_extension_not_in_profile", "unknown Sigstore OID .1.25", u, d -> d.extensions.add(
                utf8(new ASN1ObjectIdentifier(SigstoreOid.ARC + ".25"), "x"))));
        cases.add(new Case("e_extension_order", "EKU before KU", u, d -> Collections.swap(d.extensions, 0, 1)));
        cases.add(new Case("e_extension_order", "token subject before issuer", u, d -> {
            Extension subject =
                    d.extensions.stream().filter(e -> e.getExtnId().equals(TOKEN_SUBJECT)).findFirst().orElseThrow();
            d.remove(TOKEN_SUBJECT);
            d.extensions.add(5, subject);
        }));
        cases.add(new Case("e_extension_order", "poison before the Sigstore extensions", p, d -> {
            Extension poison = d.extensions.remove(d.extensions.size() - 1);
            d.extensions.add(5, poison);
        }));
        cases.add(new Case("e_validity_too_long", "11 minutes", u,
                d -> d.notAfter = time(NOT_BEFORE.plus(Duration.ofMinutes(11)))));
        cases.add(new Case("e_validity_outside_issuer", "ends after the CA", u, d -> {
            Instant end = CA.getNotAfter().toInstant().plusSeconds(60);
            d.notBefore = time(end.minus(LIFETIME));
            d.notAfter = time(end);
        }));
        cases.add(new Case("e_validity_outside_issuer", "starts before the CA", u, d -> {
            Instant start = CA.getNotBefore().toInstant().minusSeconds(60);
            d.notBefore = time(start);
            d.notAfter = time(start.plus(LIFETIME));
        }));
        cases.add(new Case("e_subject_key_not_allowed", "secp256k1", u, d -> d.subjectPublicKeyInfo = secp256k1()));
        cases.add(new Case("e_subject_key_not_allowed", "RSA 1024", u, d -> d.subjectPublicKeyInfo =
                SubjectPublicKeyInfo.getInstance(TestPki.keyPair("RSA-1024").getPublic().getEncoded())));
        byte[] mlDsa44 = SubjectPublicKeyInfo.getInstance(mlDsa("ML-DSA-44").getPublic().getEncoded())
                .getPublicKeyData().getOctets();
        byte[] mlDsa65 = SubjectPublicKeyInfo.getInstance(mlDsa("ML-DSA-65").getPublic().getEncoded())
                .getPublicKeyData().getOctets();
        AlgorithmIdentifier idMlDsa44 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_ml_dsa_44);
        cases.add(new Case("e_subject_key_not_allowed", "ML-DSA-44 with NULL parameters", u,
                d -> d.subjectPublicKeyInfo = new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(NISTObjectIdentifiers.id_ml_dsa_44, DERNull.INSTANCE), mlDsa44)));
        cases.add(new Case("e_subject_key_not_allowed", "ML-DSA-44 one byte short", u,
                d -> d.subjectPublicKeyInfo = new SubjectPublicKeyInfo(idMlDsa44,
                        java.util.Arrays.copyOf(mlDsa44, mlDsa44.length - 1))));
        cases.add(new Case("e_subject_key_not_allowed", "ML-DSA-65 key under the ML-DSA-44 OID", u,
                d -> d.subjectPublicKeyInfo = new SubjectPublicKeyInfo(idMlDsa44, mlDsa65)));
        cases.add(new Case("e_subject_key_not_allowed", "HashML-DSA-44 OID", u,
                d -> d.subjectPublicKeyInfo = new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(NISTObjectIdentifiers.id_hash_ml_dsa_44_with_sha512), mlDsa44)));
        cases.add(new Case("e_sigstore_raw_encoding", ".1.1 DER-wrapped", u,
                d -> d.replace(ISSUER_V1, utf8(ISSUER_V1, "https://token.actions.githubusercontent.com"))));
        cases.add(new Case("e_sigstore_raw_encoding", ".1.2 not UTF-8", u,
                d -> d.replace(WORKFLOW_TRIGGER,
                        new Extension(WORKFLOW_TRIGGER, false, new byte[] {(byte) 0xc3, 0x28}))));
        cases.add(new Case("e_sigstore_raw_encoding", ".1.2 empty", u,
                d -> d.replace(WORKFLOW_TRIGGER, new Extension(WORKFLOW_TRIGGER, false, new byte[0]))));
        cases.add(new Case("e_sigstore_raw_encoding", ".1.2 critical", u,
                d -> d.replace(WORKFLOW_TRIGGER, reCritical(d, WORKFLOW_TRIGGER, true))));
        cases.add(new Case("e_sigstore_utf8string_encoding", ".1.24 raw", u, d -> d.replace(TOKEN_SUBJECT,
                new Extension(TOKEN_SUBJECT, false, "repo:x".getBytes(StandardCharsets.UTF_8)))));
        cases.add(new Case("e_sigstore_utf8string_encoding", ".1.24 IA5String", u, d -> d.replace(TOKEN_SUBJECT,
                ext(TOKEN_SUBJECT, false, new DERIA5String("repo:x")))));
        cases.add(new Case("e_sigstore_utf8string_encoding", ".1.24 trailing byte", u, d -> d.replace(TOKEN_SUBJECT,
                new Extension(TOKEN_SUBJECT, false,
                        LeafDer.concat(encoded(new DERUTF8String("repo:x")), new byte[] {0})))));
        cases.add(new Case("e_sigstore_utf8string_encoding", ".1.24 empty", u,
                d -> d.replace(TOKEN_SUBJECT, utf8(TOKEN_SUBJECT, ""))));
        cases.add(new Case("e_sigstore_utf8string_encoding", ".1.24 not UTF-8 inside", u, d -> d.replace(TOKEN_SUBJECT,
                new Extension(TOKEN_SUBJECT, false, new byte[] {0x0c, 0x02, (byte) 0xc3, 0x28}))));
        cases.add(new Case("e_sigstore_utf8string_encoding", ".1.8 critical", u,
                d -> d.replace(ISSUER_V2, reCritical(d, ISSUER_V2, true))));
        cases.add(new Case("e_sigstore_issuer_missing", "no .1.8", u, d -> d.remove(ISSUER_V2)));
        cases.add(new Case("e_sigstore_issuer_missing", ".1.1 and .1.8 differ", u, d -> d.replace(ISSUER_V1,
                new Extension(ISSUER_V1, false, "https://other.example".getBytes(StandardCharsets.UTF_8)))));
        // CA/B Forum code signing
        cases.add(new Case("e_sub_cert_is_ca", "cA true", u,
                d -> d.extensions.add(ext(Extension.basicConstraints, true, new BasicConstraints(true)))));
        cases.add(new Case("e_sub_cert_key_usage", "keyCertSign", u, d -> d.replace(Extension.keyUsage,
                ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)))));
        cases.add(new Case("e_sub_cert_key_usage", "no digitalSignature", u, d -> d.replace(Extension.keyUsage,
                ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment)))));
        cases.add(new Case("e_sub_cert_key_usage", "missing", u, d -> d.remove(Extension.keyUsage)));
        cases.add(new Case("e_sub_cert_eku", "anyExtendedKeyUsage", u, d -> d.replace(Extension.extendedKeyUsage,
                ext(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_codeSigning, KeyPurposeId.anyExtendedKeyUsage})))));
        cases.add(new Case("e_sub_cert_eku", "serverAuth", u, d -> d.replace(Extension.extendedKeyUsage,
                ext(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_codeSigning, KeyPurposeId.id_kp_serverAuth})))));
        cases.add(new Case("e_sub_cert_eku", "missing", u, d -> d.remove(Extension.extendedKeyUsage)));
        cases.add(new Case("e_sub_cert_aki_critical", "critical AKI", u,
                d -> d.replace(Extension.authorityKeyIdentifier,
                        reCritical(d, Extension.authorityKeyIdentifier, true))));
        cases.add(new Case("e_sub_cert_serial_entropy", "32-bit serial", u,
                d -> d.serial = BigInteger.valueOf(0x12345678L)));
        cases.add(new Case("e_sub_cert_validity_over_460_days", "461 days", u,
                d -> d.notAfter = time(NOT_BEFORE.plus(Duration.ofDays(461)))));
        cases.add(new Case("e_signature_algorithm_not_allowed", "SHA-384 from a P-256 CA", u, d -> {
            d.tbsSignature = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384);
            d.outerSignature = d.tbsSignature;
        }));
        cases.add(new Case("e_signature_algorithm_not_allowed", "RSA from an EC CA", u, d -> {
            d.tbsSignature = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
            d.outerSignature = d.tbsSignature;
        }));
        cases.add(new Case("e_signature_algorithm_not_allowed", "ECDSA with NULL parameters", u, d -> {
            d.tbsSignature = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256, DERNull.INSTANCE);
            d.outerSignature = d.tbsSignature;
        }));
        // RFC 6962
        cases.add(new Case("e_ct_poison", "poison without a log", u,
                d -> d.extensions.add(LeafProfile.precertificatePoison())));
        cases.add(new Case("e_ct_poison", "poison in the final certificate", f,
                d -> d.extensions.add(LeafProfile.precertificatePoison())));
        cases.add(new Case("e_ct_poison", "precertificate without poison", p,
                d -> d.remove(LeafProfile.CT_PRECERT_POISON)));
        cases.add(new Case("e_ct_poison", "poison not critical", p, d -> d.replace(LeafProfile.CT_PRECERT_POISON,
                new Extension(LeafProfile.CT_PRECERT_POISON, false, new byte[] {0x05, 0x00}))));
        cases.add(new Case("e_ct_poison", "poison not NULL", p, d -> d.replace(LeafProfile.CT_PRECERT_POISON,
                new Extension(LeafProfile.CT_PRECERT_POISON, true, new byte[] {0x04, 0x00}))));
        cases.add(new Case("e_ct_sct_list", "final without SCTs", f, d -> d.remove(LeafProfile.CT_SCT_LIST)));
        cases.add(new Case("e_ct_sct_list", "SCT list in a precertificate", p,
                d -> d.extensions.add(sctList(validSctList()))));
        cases.add(
                new Case("e_ct_sct_list", "SCT list without a log", u, d -> d.extensions.add(sctList(validSctList()))));
        cases.add(new Case("e_ct_sct_list", "critical", f, d -> d.replace(LeafProfile.CT_SCT_LIST,
                new Extension(LeafProfile.CT_SCT_LIST, true, encoded(new DEROctetString(validSctList()))))));
        cases.add(new Case("e_ct_sct_list", "not an OCTET STRING", f, d -> d.replace(LeafProfile.CT_SCT_LIST,
                new Extension(LeafProfile.CT_SCT_LIST, false, validSctList()))));
        cases.add(new Case("e_ct_sct_list", "empty list", f, d -> d.replace(LeafProfile.CT_SCT_LIST,
                sctList(new byte[] {0, 0}))));
        cases.add(new Case("e_ct_sct_list", "length prefix wrong", f, d -> {
            byte[] list = validSctList();
            list[1]++;
            d.replace(LeafProfile.CT_SCT_LIST, sctList(list));
        }));
        cases.add(new Case("e_ct_sct_list", "SCT version 2", f, d -> {
            byte[] list = validSctList();
            list[4] = 1;
            d.replace(LeafProfile.CT_SCT_LIST, sctList(list));
        }));
        cases.add(new Case("e_ct_sct_list", "signature runs short", f, d -> {
            byte[] list = validSctList();
            list[2 + 2 + 46]++; // the signature's length octet
            d.replace(LeafProfile.CT_SCT_LIST, sctList(list));
        }));
        cases.add(new Case(CertificateLinter.UNPARSABLE, "subject not a Name", u,
                d -> d.subject = new DERUTF8String("x")));
        return cases.stream();
    }

    /** One well-formed v1 SCT (content not verified: the linter checks structure only). */
    static byte[] validSctList() {
        byte[] sct = new byte[1 + 32 + 8 + 2 + 2 + 2 + 8];
        sct[41] = 0;
        sct[43] = 4;
        sct[44] = 3;
        sct[46] = 8;
        byte[] entry = LeafDer.concat(new byte[] {0, (byte) sct.length}, sct);
        return LeafDer.concat(new byte[] {0, (byte) entry.length}, entry);
    }

    static Extension sctList(byte[] list) {
        return new Extension(LeafProfile.CT_SCT_LIST, false, encoded(new DEROctetString(list)));
    }

    private static Extension ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        return new Extension(oid, critical, encoded(value));
    }

    private static Extension utf8(ASN1ObjectIdentifier oid, String value) {
        return ext(oid, false, new DERUTF8String(value));
    }

    private static Extension reCritical(LeafDer d, ASN1ObjectIdentifier oid, boolean critical) {
        Extension old = d.extensions.stream().filter(e -> e.getExtnId().equals(oid)).findFirst().orElseThrow();
        return new Extension(oid, critical, old.getExtnValue().getOctets());
    }

    private static byte[] caKeyId() {
        return SubjectKeyIdentifier.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(
                CA.getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
    }

    private static ASN1Primitive time(Instant instant) {
        return new org.bouncycastle.asn1.x509.Time(Date.from(instant)).toASN1Primitive();
    }

    private static KeyPair mlDsa(String parameterSet) {
        try {
            return KeyPairGenerator.getInstance(parameterSet, dev.signet.codec.BouncyCastle.PROVIDER).generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SubjectPublicKeyInfo secp256k1() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", dev.signet.codec.BouncyCastle.PROVIDER);
            generator.initialize(new ECGenParameterSpec("secp256k1"));
            return SubjectPublicKeyInfo.getInstance(generator.generateKeyPair().getPublic().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ASN1Primitive der(byte[] bytes) {
        try {
            return ASN1Primitive.fromByteArray(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ASN1ObjectIdentifier oid(SigstoreOid oid) {
        return new ASN1ObjectIdentifier(oid.oid());
    }
}
