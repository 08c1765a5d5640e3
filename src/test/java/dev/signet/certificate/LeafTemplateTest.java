package dev.signet.certificate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.ca.TestPki;
import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link LeafTemplate#tbs} against Bouncy Castle's certificate builder, byte for byte. */
class LeafTemplateTest {

    private static final TestPki.TwoLevel PKI = TestPki.twoLevel("P-384");
    private static final KeyPair CLIENT = TestPki.keyPair("P-256");
    private static final CertificateIdentity IDENTITY = new CertificateIdentity(SubjectAltName.email("dev@example.com"),
            Map.of(SigstoreOid.ISSUER_V1, "https://issuer.example", SigstoreOid.ISSUER_V2, "https://issuer.example",
                    SigstoreOid.RUNNER_ENVIRONMENT, "github-hosted"));

    @ParameterizedTest
    @CsvSource({
            // UTCTime's last instants and GeneralizedTime's first, both ways round.
            "1949-12-31T23:59:59Z, 1950-01-01T00:00:00Z",
            "2049-12-31T23:50:00Z, 2049-12-31T23:59:59Z",
            "2049-12-31T23:59:59Z, 2050-01-01T00:00:00Z",
            "2050-01-01T00:00:00Z, 2050-01-01T00:10:00Z",
            "2026-11-22T09:08:07Z, 2026-11-22T09:18:07Z",
            "2000-02-29T00:00:01Z, 2000-02-29T23:59:59Z",
            "1970-01-01T00:00:00Z, 9999-12-31T23:59:59Z",
            // From 1583 on: before it java.util.Date, which Bouncy Castle formats, is Julian.
            "1600-02-29T12:00:00Z, 1601-06-15T12:00:00Z",
    })
    void validityIsEncodedAsBouncyCastleEncodesIt(String from, String to) throws Exception {
        LeafTemplate template = LeafProfile.template(TestPki.serial(), Instant.parse(from), Instant.parse(to),
                PKI.intermediate(), CLIENT.getPublic(), IDENTITY);
        assertSameAsBouncyCastle(template);
    }

    @ParameterizedTest
    // One octet, the sign-bit boundaries (a leading zero octet is needed), and the 20-octet maximum.
    @ValueSource(strings = {"1", "127", "128", "255", "256", "32768",
            "730750818665451459101842416358141509827966271487"})
    void serialIsEncodedAsBouncyCastleEncodesIt(String serial) throws Exception {
        BigInteger value = new BigInteger(serial);
        LeafTemplate template = LeafProfile.template(value, Instant.parse("2030-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:10:00Z"), PKI.intermediate(), CLIENT.getPublic(), IDENTITY);
        assertEquals(value, template.serial());
        assertSameAsBouncyCastle(template);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void extensionsAreEncodedAsBouncyCastleEncodesThem(int variant) throws Exception {
        LeafTemplate template = LeafProfile.template(TestPki.serial(), Instant.parse("2030-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:10:00Z"), PKI.intermediate(), CLIENT.getPublic(), IDENTITY);
        LeafExtensions extensions = switch (variant) {
            case 0 -> new LeafExtensions(List.of());
            case 1 -> template.extensions().plus(LeafProfile.precertificatePoison());
            default -> template.extensions().plus(new Extension(LeafProfile.CT_SCT_LIST, false,
                    new byte[300]));
        };
        assertSameAsBouncyCastle(template.withExtensions(extensions));
    }

    @Test
    void aValidityYearGeneralizedTimeCannotHoldIsRefusedWithItsYear() {
        LeafTemplate template = LeafProfile.template(TestPki.serial(), Instant.parse("9999-12-31T23:50:00Z"),
                Instant.parse("+10000-01-01T00:10:00Z"), PKI.intermediate(), CLIENT.getPublic(), IDENTITY);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> template.tbs(new byte[] {0x30, 0x00}));
        assertEquals("validity year 10000 cannot be encoded", refused.getMessage());
    }

    private static void assertSameAsBouncyCastle(LeafTemplate template) throws Exception {
        ContentSigner signer = PKI.material().signer();
        byte[] expected = template.toBuilder().build(signer).toASN1Structure().getTBSCertificate()
                .getEncoded(ASN1Encoding.DER);
        assertArrayEquals(expected, template.tbs(signer.getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER)));
    }
}
