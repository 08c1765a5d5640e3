package dev.signet.certificate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Replacing an extension in the bytes gives the TBS a builder makes with the replacement in that place. */
class TbsExtensionsTest {

    @Test
    void replacesInPlaceAsABuilderWouldEncodeAcrossLengthForms() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("EC").generateKeyPair();
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
        Extension poison = new Extension(LeafProfile.CT_PRECERT_POISON, true, DERNull.INSTANCE.getEncoded());
        for (int sctLength : new int[] {10, 100, 130, 300, 66_000}) {
            Extension scts = new Extension(LeafProfile.CT_SCT_LIST, false,
                    new DEROctetString(new byte[sctLength]).getEncoded());
            for (int position = 0; position < 3; position++) {
                byte[] precert = certificate(key, signer, poison, position);
                byte[] expected = tbs(certificate(key, signer, scts, position));
                assertArrayEquals(expected, TbsExtensions.replacing(precert, LeafProfile.CT_PRECERT_POISON,
                        scts.getEncoded(ASN1Encoding.DER)), "length " + sctLength + " position " + position);
            }
        }
    }

    @Test
    void refusesToReplaceAnExtensionThatIsNotThere() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("EC").generateKeyPair();
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
        byte[] plain = certificate(key, signer, null, 0);
        assertThrows(IllegalArgumentException.class, () -> TbsExtensions.replacing(plain, LeafProfile.CT_PRECERT_POISON,
                new Extension(LeafProfile.CT_SCT_LIST, false, new byte[] {4, 0}).getEncoded(ASN1Encoding.DER)));
        assertArrayEquals(tbs(plain), TbsExtensions.without(plain, LeafProfile.CT_PRECERT_POISON));
    }

    @Test
    void refusesACertificateWhoseLengthsAreNotDer() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("EC").generateKeyPair();
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate());
        byte[] plain = certificate(key, signer, null, 0);
        // The outer length rewritten in four octets: valid BER, and bytes no DER encoder would make.
        int headerOctets = 2 + (plain[1] & 0x7f);
        byte[] padded = new byte[plain.length - headerOctets + 6];
        padded[0] = 0x30;
        padded[1] = (byte) 0x84;
        int length = plain.length - headerOctets;
        for (int k = 0; k < 4; k++) {
            padded[2 + k] = (byte) (length >>> (8 * (3 - k)));
        }
        System.arraycopy(plain, headerOctets, padded, 6, length);
        assertThrows(IllegalArgumentException.class,
                () -> TbsExtensions.without(padded, LeafProfile.CT_PRECERT_POISON));
    }

    private static byte[] tbs(byte[] certificate) throws Exception {
        return org.bouncycastle.asn1.x509.Certificate.getInstance(certificate).getTBSCertificate()
                .getEncoded(ASN1Encoding.DER);
    }

    /** A leaf with a SAN and a key usage, and {@code special} (if any) at {@code position} among them. */
    private static byte[] certificate(KeyPair key, ContentSigner signer, Extension special, int position)
            throws Exception {
        X500Name name = new X500Name("CN=Test CA");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(7),
                new Date(1_700_000_000_000L), new Date(1_700_000_600_000L), new X500Name(new RDN[0]), key.getPublic());
        List<Extension> extensions = new ArrayList<>();
        extensions.add(new Extension(Extension.subjectAlternativeName, true, new GeneralNames(
                new GeneralName(GeneralName.rfc822Name, "alice@example.com")).getEncoded()));
        extensions.add(new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature).getEncoded()));
        if (special != null) {
            extensions.add(position, special);
        }
        for (Extension extension : extensions) {
            builder.addExtension(extension);
        }
        return builder.build(signer).getEncoded();
    }
}
