package dev.signet.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.codec.BouncyCastle;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.Der;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeafIssuanceTest {

    private static final Instant NOW =
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusNanos(987_654_321);
    private static final Duration VALIDITY = Duration.ofMinutes(10);
    private static final byte[] SIGSTORE_ARC_7 = hex("2b0601040183bf300107");

    private static final Map<SigstoreOid, String> EXTENSIONS = new LinkedHashMap<>();

    static {
        // Deliberately not in OID order: the certificate must be.
        EXTENSIONS.put(SigstoreOid.TOKEN_SUBJECT, "<>&\"subject");
        EXTENSIONS.put(SigstoreOid.ISSUER_V2, "https://issuer.example.com");
        EXTENSIONS.put(SigstoreOid.ISSUER_V1, "https://issuer.example.com");
        EXTENSIONS.put(SigstoreOid.SOURCE_REPOSITORY_REF, "refs/heads/main");
    }

    private static SigningCa ca(CaMaterial material) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new SigningCa(new LeafProfile(VALIDITY, clock, TestPki.RANDOM), material) {
        };
    }

    @Test
    void emailLeafHasTheExactProfile() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-384");
        KeyPair client = TestPki.keyPair("P-256");
        IssuedCertificate issued = ca(pki.material()).issue(
                new CertificateIdentity(SubjectAltName.email("alice@example.com"), EXTENSIONS), client.getPublic());

        X509Certificate leaf = issued.leaf();
        assertEquals(pki.chain(), issued.chain());
        assertProfile(leaf, pki.intermediate(), client);
        assertArrayEquals(Der.tlv(0x30, Der.tlv(0x81, Der.utf8("alice@example.com"))),
                extension(leaf, "2.5.29.17").getExtnValue().getOctets());
        assertSigstoreExtensions(leaf);
    }

    @Test
    void uriLeafCarriesAUniformResourceIdentifier() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-384");
        KeyPair client = TestPki.keyPair("Ed25519");
        String uri = "https://github.com/signet/signet/.github/workflows/release.yml@refs/heads/main";
        X509Certificate leaf = ca(pki.material()).issue(
                new CertificateIdentity(SubjectAltName.uri(uri), EXTENSIONS), client.getPublic()).leaf();

        assertProfile(leaf, pki.intermediate(), client);
        assertArrayEquals(Der.tlv(0x30, Der.tlv(0x86, Der.utf8(uri))),
                extension(leaf, "2.5.29.17").getExtnValue().getOctets());
    }

    @Test
    void usernameLeafCarriesTheSigstoreOtherName() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-384");
        KeyPair client = TestPki.keyPair("RSA");
        String username = "bob!example.com";
        X509Certificate leaf = ca(pki.material()).issue(
                new CertificateIdentity(new SubjectAltName(SubjectAltName.Type.USERNAME, username), EXTENSIONS),
                client.getPublic()).leaf();

        assertProfile(leaf, pki.intermediate(), client);
        byte[] otherName =
                Der.tlv(0xa0, Der.tlv(0x06, SIGSTORE_ARC_7), Der.tlv(0xa0, Der.tlv(0x0c, Der.utf8(username))));
        assertArrayEquals(Der.tlv(0x30, otherName), extension(leaf, "2.5.29.17").getExtnValue().getOctets());
        assertSigstoreExtensions(leaf);
    }

    @Test
    void leafWithOnlyTheRequiredIssuerExtensionHasItRightAfterTheSan() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        X509Certificate leaf = ca(pki.material()).issue(
                new CertificateIdentity(SubjectAltName.email("a@b.c"),
                        Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com")),
                TestPki.keyPair("P-256").getPublic()).leaf();
        assertEquals(
                List.of("2.5.29.15", "2.5.29.37", "2.5.29.14", "2.5.29.35", "2.5.29.17", SigstoreOid.ISSUER_V2.oid()),
                extensionOids(leaf));
    }

    @Test
    void issuerWithoutSubjectKeyIdentifierGivesNoAuthorityKeyIdentifier() throws Exception {
        KeyPair keys = TestPki.keyPair("P-256");
        X509Certificate root = TestPki.cert("No SKI Root", keys.getPublic()).selfSigned(keys.getPrivate())
                .codeSigning(false).subjectKeyId(false).build();
        X509Certificate leaf = ca(new CaMaterial(keys.getPrivate(), List.of(root))).issue(
                new CertificateIdentity(SubjectAltName.email("a@b.c"),
                        Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com")),
                TestPki.keyPair("P-256").getPublic()).leaf();
        assertEquals(List.of("2.5.29.15", "2.5.29.37", "2.5.29.14", "2.5.29.17", SigstoreOid.ISSUER_V2.oid()),
                extensionOids(leaf));
    }

    /**
     * Fulcio v1.8.8 writes a non-critical Subject Key Identifier, the SHA-1 of the subjectPublicKey
     * bits (RFC 5280 §4.2.1.2 method 1), right after the EKU; its main branch writes none. Signet
     * does as v1.8.8 unless the setting is off, in the precertificate, the final and the unlogged leaf.
     */
    @Test
    void leafCarriesTheSubjectKeyIdentifierAsFulcio188Does() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        KeyPair client = TestPki.keyPair("P-256");
        byte[] keyBits =
                SubjectPublicKeyInfo.getInstance(client.getPublic().getEncoded()).getPublicKeyData().getBytes();
        byte[] expected = Der.tlv(0x04, MessageDigest.getInstance("SHA-1").digest(keyBits));

        for (X509Certificate leaf : issuedEveryWay(ca(pki.material()), client)) {
            Extension subjectKeyId = extension(leaf, "2.5.29.14");
            assertFalse(subjectKeyId.isCritical());
            assertArrayEquals(expected, subjectKeyId.getExtnValue().getOctets());
            assertEquals(List.of("2.5.29.15", "2.5.29.37", "2.5.29.14", "2.5.29.35", "2.5.29.17"),
                    extensionOids(leaf).subList(0, 5));
        }

        SigningCa withoutSki = new SigningCa(new LeafProfile(VALIDITY, Clock.fixed(NOW, ZoneOffset.UTC),
                TestPki.RANDOM, false), pki.material()) {
        };
        for (X509Certificate leaf : issuedEveryWay(withoutSki, client)) {
            assertNull(leaf.getExtensionValue("2.5.29.14"));
            assertEquals(List.of("2.5.29.15", "2.5.29.37", "2.5.29.35", "2.5.29.17", SigstoreOid.ISSUER_V2.oid()),
                    extensionOids(leaf).subList(0, 5));
        }
    }

    /** A precertificate, its final certificate (which must be the precertificate minus poison plus SCTs) and an unlogged leaf. */
    private static List<X509Certificate> issuedEveryWay(SigningCa ca, KeyPair client) throws Exception {
        CertificateIdentity identity = new CertificateIdentity(SubjectAltName.email("a@b.c"),
                Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com"));
        Precertificate precertificate = ca.precertificate(identity, client.getPublic());
        X509Certificate last = ca.finish(precertificate, PreIssuanceLintTest.octetString(PreIssuanceLintTest.oneSct()))
                .leaf();
        assertArrayEquals(
                PreIssuanceLintTest.withoutExtension(precertificate.certificate(), LeafProfile.CT_PRECERT_POISON),
                PreIssuanceLintTest.withoutExtension(last, LeafProfile.CT_SCT_LIST));
        return List.of(precertificate.certificate(), last, ca.issue(identity, client.getPublic()).leaf());
    }

    @ParameterizedTest
    @CsvSource({
            "P-256, 1.2.840.10045.4.3.2",
            "P-384, 1.2.840.10045.4.3.3",
            "P-521, 1.2.840.10045.4.3.4",
            "RSA, 1.2.840.113549.1.1.11",
            "Ed25519, 1.3.101.112"
    })
    void signatureAlgorithmFollowsTheCaKey(String keyType, String signatureOid) throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel(keyType);
        KeyPair client = TestPki.keyPair("P-256");
        X509Certificate leaf = ca(pki.material()).issue(
                new CertificateIdentity(SubjectAltName.email("alice@example.com"), EXTENSIONS), client.getPublic())
                .leaf();
        assertEquals(signatureOid, leaf.getSigAlgOID());
        leaf.verify(pki.intermediate().getPublicKey(), BouncyCastle.PROVIDER);
        assertProfile(leaf, pki.intermediate(), client);
    }

    @Test
    void serialsArePositiveAtMostTwentyOctetsAndUnique() {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        SigningCa ca = ca(pki.material());
        CertificateIdentity identity = new CertificateIdentity(SubjectAltName.email("a@b.c"),
                Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com"));
        KeyPair client = TestPki.keyPair("P-256");
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            BigInteger serial = ca.issue(identity, client.getPublic()).leaf().getSerialNumber();
            assertTrue(serial.signum() > 0);
            assertTrue(serial.toByteArray().length <= 20, "serial encodes in at most 20 octets");
            assertTrue(serials.add(serial), "serial repeated");
        }
    }

    @Test
    void nonAsciiEmailIsRefusedAsABackendFailure() {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        SignetException e = assertThrows(SignetException.class, () -> ca(pki.material()).issue(
                new CertificateIdentity(SubjectAltName.email("\u0161lice@example.com"), Map.of()),
                TestPki.keyPair("P-256").getPublic()));
        assertEquals(ErrorKind.CA_BACKEND, e.kind());
    }

    @Test
    void issuanceUsesTheMaterialTakenAtItsStart() throws Exception {
        TestPki.TwoLevel first = TestPki.twoLevel("P-256");
        TestPki.TwoLevel second = TestPki.twoLevel("P-384");
        SigningCa ca = ca(first.material());
        CertificateIdentity identity = new CertificateIdentity(SubjectAltName.email("a@b.c"),
                Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com"));
        IssuedCertificate before = ca.issue(identity, TestPki.keyPair("P-256").getPublic());
        CaMaterial replacement = second.material();
        ca.replaceMaterial(replacement);
        IssuedCertificate after = ca.issue(identity, TestPki.keyPair("P-256").getPublic());

        before.leaf().verify(first.intermediate().getPublicKey(), BouncyCastle.PROVIDER);
        assertEquals(first.chain(), before.chain());
        after.leaf().verify(second.intermediate().getPublicKey(), BouncyCastle.PROVIDER);
        assertEquals(second.chain(), after.chain());
        assertEquals(second.chain(), ca.trustChain());
    }

    /** Everything every leaf shares, checked on the DER. */
    private static void assertProfile(X509Certificate leaf, X509Certificate issuer, KeyPair client) throws Exception {
        TBSCertificate tbs = Certificate.getInstance(leaf.getEncoded()).getTBSCertificate();
        assertEquals(3, leaf.getVersion());
        assertEquals(2, tbs.getVersionNumber() - 1);
        BigInteger serial = leaf.getSerialNumber();
        assertTrue(serial.signum() > 0 && serial.toByteArray().length <= 20);

        assertArrayEquals(hex("3000"), tbs.getSubject().getEncoded());
        assertArrayEquals(hex("3000"), leaf.getSubjectX500Principal().getEncoded());
        assertArrayEquals(issuer.getSubjectX500Principal().getEncoded(), leaf.getIssuerX500Principal().getEncoded());

        Instant notBefore = leaf.getNotBefore().toInstant();
        assertEquals(NOW.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), notBefore);
        assertEquals(VALIDITY, Duration.between(notBefore, leaf.getNotAfter().toInstant()));
        assertArrayEquals(client.getPublic().getEncoded(), leaf.getPublicKey().getEncoded());

        List<String> oids = extensionOids(leaf);
        List<String> expected =
                new ArrayList<>(List.of("2.5.29.15", "2.5.29.37", "2.5.29.14", "2.5.29.35", "2.5.29.17"));
        for (SigstoreOid oid : SigstoreOid.values()) {
            if (EXTENSIONS.containsKey(oid)) {
                expected.add(oid.oid());
            }
        }
        assertEquals(expected, oids);

        Extension keyUsage = extension(leaf, "2.5.29.15");
        assertTrue(keyUsage.isCritical());
        assertArrayEquals(hex("03020780"), keyUsage.getExtnValue().getOctets());

        Extension extendedKeyUsage = extension(leaf, "2.5.29.37");
        assertFalse(extendedKeyUsage.isCritical());
        assertArrayEquals(hex("300a06082b06010505070303"), extendedKeyUsage.getExtnValue().getOctets());
        assertEquals(List.of("1.3.6.1.5.5.7.3.3"), leaf.getExtendedKeyUsage());

        Extension subjectKeyId = extension(leaf, "2.5.29.14");
        assertFalse(subjectKeyId.isCritical());
        byte[] keyBits = tbs.getSubjectPublicKeyInfo().getPublicKeyData().getBytes();
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(keyBits);
        assertArrayEquals(Der.tlv(0x04, sha1), subjectKeyId.getExtnValue().getOctets());

        Extension authorityKeyId = extension(leaf, "2.5.29.35");
        assertFalse(authorityKeyId.isCritical());
        byte[] issuerKeyId = SubjectKeyIdentifier.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(issuer.getExtensionValue("2.5.29.14")).getOctets())
                .getKeyIdentifier();
        assertArrayEquals(Der.tlv(0x30, Der.tlv(0x80, issuerKeyId)), authorityKeyId.getExtnValue().getOctets());

        Extension san = extension(leaf, "2.5.29.17");
        assertTrue(san.isCritical());
        assertEquals(1, leaf.getSubjectAlternativeNames().size());

        assertEquals(-1, leaf.getBasicConstraints());
        assertNull(leaf.getExtensionValue("2.5.29.19"));
        leaf.verify(issuer.getPublicKey(), BouncyCastle.PROVIDER);
        assertEquals(Set.of("2.5.29.15", "2.5.29.17"), leaf.getCriticalExtensionOIDs());
    }

    private static void assertSigstoreExtensions(X509Certificate leaf) {
        Extension issuerV1 = extension(leaf, SigstoreOid.ISSUER_V1.oid());
        assertFalse(issuerV1.isCritical());
        assertArrayEquals(Der.utf8("https://issuer.example.com"), issuerV1.getExtnValue().getOctets());

        Extension issuerV2 = extension(leaf, SigstoreOid.ISSUER_V2.oid());
        assertFalse(issuerV2.isCritical());
        assertArrayEquals(Der.tlv(0x0c, Der.utf8("https://issuer.example.com")), issuerV2.getExtnValue().getOctets());

        assertArrayEquals(Der.tlv(0x0c, Der.utf8("refs/heads/main")),
                extension(leaf, SigstoreOid.SOURCE_REPOSITORY_REF.oid()).getExtnValue().getOctets());
        assertArrayEquals(Der.tlv(0x0c, Der.utf8("<>&\"subject")),
                extension(leaf, SigstoreOid.TOKEN_SUBJECT.oid()).getExtnValue().getOctets());
    }

    static List<String> extensionOids(X509Certificate leaf) throws Exception {
        Extensions extensions = Certificate.getInstance(leaf.getEncoded()).getTBSCertificate().getExtensions();
        List<String> oids = new ArrayList<>();
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            oids.add(oid.getId());
        }
        return oids;
    }

    static Extension extension(X509Certificate leaf, String oid) {
        try {
            Extension extension = Certificate.getInstance(leaf.getEncoded()).getTBSCertificate().getExtensions()
                    .getExtension(new ASN1ObjectIdentifier(oid));
            assertTrue(extension != null, "extension " + oid + " present");
            return extension;
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
