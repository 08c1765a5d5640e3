package dev.signet.certificate.lint;

import dev.signet.certificate.LeafTemplate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;

/**
 * A certificate assembled field by field from ASN.1 pieces, so a test can break exactly one thing
 * (repeat an extension, drop the version, mis-encode a time) that a certificate builder would refuse.
 */
final class LeafDer {
    Integer version = 2;
    BigInteger serial;
    AlgorithmIdentifier tbsSignature;
    AlgorithmIdentifier outerSignature;
    ASN1Encodable issuer;
    ASN1Primitive notBefore;
    ASN1Primitive notAfter;
    ASN1Encodable subject;
    SubjectPublicKeyInfo subjectPublicKeyInfo;
    boolean uniqueIdentifier;
    List<Extension> extensions = new ArrayList<>();
    /** Writes the TBS length in a needlessly long form: valid BER, not DER. */
    boolean longFormTbsLength;

    /** The fields of {@code template}, signed (in name) with {@code algorithm}. */
    static LeafDer of(LeafTemplate template, AlgorithmIdentifier algorithm) {
        LeafDer der = new LeafDer();
        der.serial = template.serial();
        der.tbsSignature = algorithm;
        der.outerSignature = algorithm;
        der.issuer = template.issuer();
        der.notBefore = new Time(Date.from(template.notBefore())).toASN1Primitive();
        der.notAfter = new Time(Date.from(template.notAfter())).toASN1Primitive();
        der.subject = LeafTemplate.EMPTY_SUBJECT;
        der.subjectPublicKeyInfo = template.subjectPublicKeyInfo();
        der.extensions.addAll(template.extensions().list());
        return der;
    }

    /** Replaces the extension {@code oid} in place, or appends {@code replacement} when absent. */
    LeafDer replace(ASN1ObjectIdentifier oid, Extension replacement) {
        for (int i = 0; i < extensions.size(); i++) {
            if (extensions.get(i).getExtnId().equals(oid)) {
                extensions.set(i, replacement);
                return this;
            }
        }
        extensions.add(replacement);
        return this;
    }

    LeafDer remove(ASN1ObjectIdentifier oid) {
        extensions.removeIf(e -> e.getExtnId().equals(oid));
        return this;
    }

    byte[] encode() {
        try {
            ASN1EncodableVector tbs = new ASN1EncodableVector();
            if (version != null) {
                tbs.add(new DERTaggedObject(true, 0, new ASN1Integer(version)));
            }
            tbs.add(new ASN1Integer(serial));
            tbs.add(tbsSignature);
            tbs.add(issuer);
            tbs.add(new DERSequence(new ASN1Encodable[] {notBefore, notAfter}));
            tbs.add(subject);
            tbs.add(subjectPublicKeyInfo);
            if (uniqueIdentifier) {
                tbs.add(new DERTaggedObject(false, 1, new DERBitString(new byte[] {1, 2, 3})));
            }
            if (!extensions.isEmpty()) {
                tbs.add(new DERTaggedObject(true, 3, new DERSequence(extensions.toArray(new Extension[0]))));
            }
            byte[] tbsDer = new DERSequence(tbs).getEncoded(ASN1Encoding.DER);
            if (longFormTbsLength) {
                tbsDer = longForm(tbsDer);
            }
            byte[] rest = concat(outerSignature.getEncoded(ASN1Encoding.DER),
                    new DERBitString(new byte[64]).getEncoded(ASN1Encoding.DER));
            return tlv(0x30, concat(tbsDer, rest));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same SEQUENCE with a four-octet length. */
    private static byte[] longForm(byte[] der) {
        int header = (der[1] & 0xff) < 0x80 ? 2 : 2 + (der[1] & 0x7f);
        int length = der.length - header;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(der[0]);
        out.write(0x84);
        out.write(0);
        out.write(0);
        out.write(length >> 8);
        out.write(length);
        out.write(der, header, length);
        return out.toByteArray();
    }

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        } else if (content.length < 0x100) {
            out.write(0x81);
            out.write(content.length);
        } else {
            out.write(0x82);
            out.write(content.length >> 8);
            out.write(content.length);
        }
        out.write(content, 0, content.length);
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
