package dev.signet.certificate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.TestPki;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeafProfileTest {

    private static final TestPki.TwoLevel PKI = TestPki.twoLevel("P-256");
    private static final KeyPair CLIENT = TestPki.keyPair("P-256");

    @Test
    void validityMustBePositiveWholeSecondsAndAtMostOneDay() {
        assertEquals(Duration.ofHours(24), LeafProfile.checkValidity(Duration.ofHours(24)));
        assertEquals(Duration.ofSeconds(1), LeafProfile.checkValidity(Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> LeafProfile.checkValidity(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> LeafProfile.checkValidity(Duration.ofMinutes(-10)));
        assertThrows(IllegalArgumentException.class,
                () -> LeafProfile.checkValidity(Duration.ofHours(24).plusSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> LeafProfile.checkValidity(Duration.ofMillis(1500)));
    }

    @Test
    void serialsArePositiveTwentyOctetsAtMostAndDistinct() {
        SecureRandom random = new SecureRandom();
        Set<BigInteger> seen = new HashSet<>();
        // docs/security.md row E5: 10^5 issuances' worth of serials.
        for (int i = 0; i < 100_000; i++) {
            BigInteger serial = LeafProfile.randomSerial(random);
            assertTrue(serial.signum() > 0);
            assertTrue(serial.bitLength() <= 159);
            assertTrue(serial.toByteArray().length <= 20);
            assertTrue(seen.add(serial));
        }
    }

    @Test
    void serialIsNeverZeroEvenWhenTheRandomSourceIsAllZeroAtFirst() {
        SecureRandom zeroThenOnes = new SecureRandom() {
            private int calls;

            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, (byte) (calls++ == 0 ? 0 : 0xff));
            }
        };
        BigInteger serial = LeafProfile.randomSerial(zeroThenOnes);
        assertEquals(BigInteger.ONE.shiftLeft(159).subtract(BigInteger.ONE), serial);
    }

    @Test
    void notBeforeIsTheClockTruncatedToSeconds() {
        Instant now = Instant.parse("2030-01-02T03:04:05.999Z");
        LeafProfile profile =
                new LeafProfile(Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());
        LeafTemplate template = profile.template(PKI.intermediate(), CLIENT.getPublic(),
                new CertificateIdentity(SubjectAltName.email("a@b.c"), Map.of()));
        assertEquals(Instant.parse("2030-01-02T03:04:05Z"), template.notBefore());
        assertEquals(Instant.parse("2030-01-02T03:14:05Z"), template.notAfter());
        assertArrayEquals(new byte[] {0x30, 0x00}, encoded(LeafTemplate.EMPTY_SUBJECT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0161lice@example.com", "alice @example.com", "alice@example.com\n", "a\u0000@b.c", "",
            "\u007f@b.c"})
    void emailSanMustBePrintableAsciiWithoutSpaces(String email) {
        assertThrows(IllegalArgumentException.class, () -> LeafProfile.subjectAltName(SubjectAltName.email(email)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://ex\u00e4mple.com/", "https://example.com/a b", "https://example.com/\t"})
    void uriSanMustBePrintableAsciiWithoutSpaces(String uri) {
        assertThrows(IllegalArgumentException.class, () -> LeafProfile.subjectAltName(SubjectAltName.uri(uri)));
    }

    @Test
    void usernameSanAcceptsUnicodeButNotBrokenUtf16() {
        Extension san =
                LeafProfile.subjectAltName(new SubjectAltName(SubjectAltName.Type.USERNAME, "\u0161imon!example.com"));
        assertTrue(san.isCritical());
        assertThrows(IllegalArgumentException.class,
                () -> LeafProfile.subjectAltName(new SubjectAltName(SubjectAltName.Type.USERNAME, "bad\ud800")));
    }

    @Test
    void sigstoreExtensionsUseTheirOidsEncoding() {
        Extension raw = LeafProfile.sigstoreExtension(SigstoreOid.GITHUB_WORKFLOW_REF, "refs/tags/v\u00e91");
        assertFalse(raw.isCritical());
        assertArrayEquals("refs/tags/v\u00e91".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                raw.getExtnValue().getOctets());

        Extension utf8 = LeafProfile.sigstoreExtension(SigstoreOid.RUNNER_ENVIRONMENT, "\u00e9");
        assertEquals("1.3.6.1.4.1.57264.1.11", utf8.getExtnId().getId());
        assertArrayEquals(new byte[] {0x0c, 0x02, (byte) 0xc3, (byte) 0xa9}, utf8.getExtnValue().getOctets());

        assertThrows(IllegalArgumentException.class,
                () -> LeafProfile.sigstoreExtension(SigstoreOid.ISSUER_V1, "x\udc00"));
    }

    @Test
    void finalCertificateExtensionsArePrecertificateMinusPoisonPlusSctList() {
        LeafTemplate template = LeafProfile.template(TestPki.serial(), Instant.parse("2030-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:10:00Z"), PKI.intermediate(), CLIENT.getPublic(),
                new CertificateIdentity(SubjectAltName.email("a@b.c"), Map.of(SigstoreOid.ISSUER_V2, "https://i")));
        LeafExtensions precert = template.extensions().plus(LeafProfile.precertificatePoison());
        Extension sctList = new Extension(LeafProfile.CT_SCT_LIST, false, new byte[] {0x04, 0x01, 0x00});
        LeafExtensions finalCert = precert.minus(LeafProfile.CT_PRECERT_POISON).plus(sctList);

        Extension poison = precert.find(LeafProfile.CT_PRECERT_POISON).orElseThrow();
        assertTrue(poison.isCritical());
        assertArrayEquals(new byte[] {0x05, 0x00}, poison.getExtnValue().getOctets());
        assertEquals(LeafProfile.CT_PRECERT_POISON, precert.oids().get(precert.oids().size() - 1));
        assertEquals(template.extensions().list(), finalCert.minus(LeafProfile.CT_SCT_LIST).list());
        assertEquals(LeafProfile.CT_SCT_LIST, finalCert.oids().get(finalCert.oids().size() - 1));
        assertFalse(finalCert.find(LeafProfile.CT_PRECERT_POISON).isPresent());
        assertThrows(IllegalArgumentException.class, () -> precert.plus(LeafProfile.precertificatePoison()));
        // The builder keeps the list order.
        LeafTemplate withPoison = template.withExtensions(precert);
        List<ASN1ObjectIdentifier> built = List.of(withPoison.toBuilder().build(PKI.material().signer())
                .getExtensions().getExtensionOIDs());
        assertEquals(precert.oids(), built);
    }

    @Test
    void aRotatedIssuingCertificateIsUsedFromTheNextLeafOn() throws Exception {
        LeafProfile profile = new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(), new SecureRandom());
        TestPki.TwoLevel next = TestPki.twoLevel("P-384");
        CertificateIdentity identity = new CertificateIdentity(SubjectAltName.email("a@b.c"), Map.of());
        for (X509Certificate issuer : List.of(PKI.intermediate(), next.intermediate(), PKI.intermediate())) {
            LeafTemplate template = profile.template(issuer, CLIENT.getPublic(), identity);
            assertArrayEquals(issuer.getSubjectX500Principal().getEncoded(), encoded(template.issuer()));
            byte[] issuerKeyId = org.bouncycastle.asn1.x509.SubjectKeyIdentifier.getInstance(
                    org.bouncycastle.asn1.ASN1OctetString.getInstance(issuer.getExtensionValue(
                            Extension.subjectKeyIdentifier.getId())).getOctets())
                    .getKeyIdentifier();
            Extension aki = template.extensions().find(Extension.authorityKeyIdentifier).orElseThrow();
            assertArrayEquals(issuerKeyId, org.bouncycastle.asn1.x509.AuthorityKeyIdentifier.getInstance(
                    aki.getParsedValue()).getKeyIdentifier());
        }
    }

    @Test
    void templateRefusesAnUnencodableKeyAndAZeroSerial() {
        java.security.PublicKey noEncoding = new java.security.PublicKey() {
            @Override
            public String getAlgorithm() {
                return "EC";
            }

            @Override
            public String getFormat() {
                return null;
            }

            @Override
            public byte[] getEncoded() {
                return null;
            }
        };
        X509Certificate issuer = PKI.intermediate();
        CertificateIdentity identity = new CertificateIdentity(SubjectAltName.email("a@b.c"), Map.of());
        Instant from = Instant.parse("2030-01-01T00:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> LeafProfile.template(TestPki.serial(), from,
                from.plusSeconds(600), issuer, noEncoding, identity));
        assertThrows(IllegalArgumentException.class, () -> LeafProfile.template(BigInteger.ZERO, from,
                from.plusSeconds(600), issuer, CLIENT.getPublic(), identity));
    }

    private static byte[] encoded(org.bouncycastle.asn1.x500.X500Name name) {
        try {
            return name.getEncoded();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
