package dev.signet.ctlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The TBS without an extension cut from the bytes is the one Bouncy Castle rebuilds, at every length. */
class CtCertificatesTest {
    private static final TestChains CHAINS = new TestChains("CtCertificatesTest");

    @Test
    void cutFromTheBytesEqualsTheRebuiltTbsForTestChainPrecerts() {
        for (int length = 3; length <= 64; length++) {
            TestChains.Precert precert = CHAINS.precert("a".repeat(length - 2) + "@x");
            byte[] cut = CtCertificates.tbsWithout(precert.der(), CtCertificates.POISON);
            assertArrayEquals(precert.expectedTbs(), cut, "length " + length);
        }
    }

    @Test
    void cutFromTheBytesEqualsBouncyCastlesRebuildAcrossLengthBoundaries() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("EC").generateKeyPair();
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
        // SAN values of 1 to 70,000 octets move the extension list, the [3] wrapper and the TBS across
        // the short, one-, two- and three-octet length forms; the poison first, in the middle and last.
        for (int length : new int[] {1, 50, 60, 70, 100, 110, 120, 127, 128, 200, 230, 250, 255, 256, 300, 1000,
                65_000, 65_400, 65_535, 65_536, 70_000}) {
            for (int position = 0; position < 3; position++) {
                byte[] der = certificate(key, signer, length, position);
                assertArrayEquals(CtCertificates.tbsWithout(Certificate.getInstance(der), CtCertificates.POISON),
                        CtCertificates.tbsWithout(der, CtCertificates.POISON),
                        "length " + length + " position " + position);
            }
        }
        // the poison as the only extension: the [3] field goes too, as in Bouncy Castle's rebuild
        byte[] onlyPoison = certificate(key, signer, -1, 0);
        assertArrayEquals(CtCertificates.tbsWithout(Certificate.getInstance(onlyPoison), CtCertificates.POISON),
                CtCertificates.tbsWithout(onlyPoison, CtCertificates.POISON));
    }

    /** A leaf with a SAN of {@code sanLength} octets (none if negative), a key usage, and the poison at {@code position}. */
    private static byte[] certificate(KeyPair key, ContentSigner signer, int sanLength, int position) throws Exception {
        X500Name name = new X500Name("CN=Test CA");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(7),
                new Date(1_700_000_000_000L), new Date(1_700_000_600_000L), new X500Name(new RDN[0]), key.getPublic());
        Extension poison = new Extension(CtCertificates.POISON, true, DERNull.INSTANCE.getEncoded());
        List<Extension> extensions = new ArrayList<>();
        if (sanLength >= 0) {
            extensions.add(new Extension(Extension.subjectAlternativeName, true, new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier, "u".repeat(sanLength))).getEncoded()));
            extensions
                    .add(new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature).getEncoded()));
        }
        extensions.add(Math.min(position, extensions.size()), poison);
        for (Extension extension : extensions) {
            builder.addExtension(extension);
        }
        return builder.build(signer).getEncoded();
    }

    @Test
    void aCertificateWithoutTheExtensionKeepsItsTbs() {
        byte[] certificate = CHAINS.certificate("someone@example.com");
        assertArrayEquals(CtCertificates.tbsWithout(Certificate.getInstance(certificate), CtCertificates.POISON),
                CtCertificates.tbsWithout(certificate, CtCertificates.POISON));
    }

    @Test
    void refusesBytesThatAreNotOneCertificate() {
        byte[] certificate = CHAINS.precert("someone@example.com").der();
        byte[] trailing = Arrays.copyOf(certificate, certificate.length + 1);
        assertThrows(IllegalArgumentException.class, () -> CtCertificates.tbsWithout(trailing, CtCertificates.POISON));
        byte[] truncated = Arrays.copyOf(certificate, certificate.length - 1);
        assertThrows(IllegalArgumentException.class, () -> CtCertificates.tbsWithout(truncated, CtCertificates.POISON));
        assertThrows(IllegalArgumentException.class,
                () -> CtCertificates.tbsWithout(new byte[] {0x04, 0x00}, CtCertificates.POISON));
    }
}
