package dev.signet.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.cert.X509CertificateHolder;

/** Asserts an issued leaf against Fulcio's certificate profile by parsing its DER. */
public final class LeafAssertions {
    public static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
    public static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
    public static final String TOKEN_SUBJECT = "1.3.6.1.4.1.57264.1.24";
    /** The SCT list, last when present: the poison's place in the precertificate. */
    public static final String SCT_LIST = "1.3.6.1.4.1.11129.2.4.2";

    private LeafAssertions() {
    }

    /** Parses PEM certificates (one or many, concatenated). */
    public static List<X509Certificate> parsePem(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> result = new ArrayList<>();
            for (var cert : factory
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                result.add((X509Certificate) cert);
            }
            return result;
        } catch (Exception e) {
            throw new AssertionError("not a PEM certificate list", e);
        }
    }

    /**
     * Asserts the whole Fulcio leaf profile for an email identity.
     *
     * @param sigstore expected Sigstore extension values by OID: .1.1 raw, .1.8 and later UTF8String
     */
    public static void assertEmailLeaf(X509Certificate leaf, X509Certificate issuer, PublicKey clientKey,
            String email, Map<String, String> sigstore, Duration validity) throws Exception {
        X509CertificateHolder holder = new X509CertificateHolder(leaf.getEncoded());
        TBSCertificate tbs = holder.toASN1Structure().getTBSCertificate();

        assertEquals(3, holder.getVersionNumber());
        BigInteger serial = holder.getSerialNumber();
        assertTrue(serial.signum() > 0, "serial is positive");
        assertTrue(serial.toByteArray().length <= 20, "serial fits 20 octets");
        assertTrue(serial.bitLength() > 64, "serial has more than 64 random bits");
        assertArrayEquals(new byte[] {0x30, 0x00}, tbs.getSubject().getEncoded(), "subject is an empty SEQUENCE");
        assertArrayEquals(issuer.getSubjectX500Principal().getEncoded(), tbs.getIssuer().getEncoded());
        assertEquals(validity, Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()));
        assertArrayEquals(clientKey.getEncoded(), holder.getSubjectPublicKeyInfo().getEncoded(),
                "client key is embedded");

        Extensions extensions = holder.getExtensions();
        List<String> order = new ArrayList<>();
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            order.add(oid.getId());
        }
        List<String> expectedOrder = new ArrayList<>(List.of(
                Extension.keyUsage.getId(), Extension.extendedKeyUsage.getId(), Extension.subjectKeyIdentifier.getId(),
                Extension.authorityKeyIdentifier.getId(), Extension.subjectAlternativeName.getId()));
        sigstore.keySet().stream().sorted(LeafAssertions::compareOids).forEach(expectedOrder::add);
        if (extensions.getExtension(new ASN1ObjectIdentifier(SCT_LIST)) != null) {
            expectedOrder.add(SCT_LIST);
            assertTrue(!extensions.getExtension(new ASN1ObjectIdentifier(SCT_LIST)).isCritical());
        }
        assertEquals(expectedOrder, order, "extensions and their order");

        Extension keyUsage = extensions.getExtension(Extension.keyUsage);
        assertTrue(keyUsage.isCritical(), "key usage is critical");
        assertEquals(new KeyUsage(KeyUsage.digitalSignature), KeyUsage.getInstance(keyUsage.getParsedValue()));

        Extension eku = extensions.getExtension(Extension.extendedKeyUsage);
        assertTrue(!eku.isCritical(), "EKU is not critical");
        ASN1Sequence purposes = ASN1Sequence.getInstance(eku.getParsedValue());
        assertEquals(1, purposes.size());
        assertEquals(KeyPurposeId.id_kp_codeSigning.toOID(), purposes.getObjectAt(0));

        byte[] keyBits = SubjectPublicKeyInfo.getInstance(clientKey.getEncoded()).getPublicKeyData().getBytes();
        assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(keyBits),
                SubjectKeyIdentifier
                        .getInstance(extensions.getExtension(Extension.subjectKeyIdentifier).getParsedValue())
                        .getKeyIdentifier(),
                "SKI is the SHA-1 of the key bits");
        byte[] issuerSki = SubjectKeyIdentifier.getInstance(ASN1Primitive.fromByteArray(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(
                        issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()))
                .getKeyIdentifier();
        assertArrayEquals(issuerSki, AuthorityKeyIdentifier.getInstance(
                extensions.getExtension(Extension.authorityKeyIdentifier).getParsedValue()).getKeyIdentifier());

        Extension san = extensions.getExtension(Extension.subjectAlternativeName);
        assertTrue(san.isCritical(), "SAN is critical with an empty subject");
        GeneralName[] names = GeneralNames.getInstance(san.getParsedValue()).getNames();
        assertEquals(1, names.length, "exactly one SAN");
        assertEquals(GeneralName.rfc822Name, names[0].getTagNo());
        assertEquals(email, DERIA5String.getInstance(names[0].getName()).getString());

        assertNull(extensions.getExtension(Extension.basicConstraints), "no basic constraints on a leaf");
        for (Map.Entry<String, String> expected : sigstore.entrySet()) {
            Extension extension = extensions.getExtension(new ASN1ObjectIdentifier(expected.getKey()));
            assertNotNull(extension, expected.getKey());
            assertTrue(!extension.isCritical(), expected.getKey() + " is not critical");
            byte[] value = extension.getExtnValue().getOctets();
            if (expected.getKey().equals(ISSUER_V1)) {
                assertArrayEquals(expected.getValue().getBytes(StandardCharsets.UTF_8), value, ".1.1 is raw bytes");
            } else {
                ASN1Encodable parsed = ASN1Primitive.fromByteArray(value);
                assertEquals(expected.getValue(), DERUTF8String.getInstance(parsed).getString(), expected.getKey());
            }
        }
        leaf.verify(issuer.getPublicKey());
    }

    private static int compareOids(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
