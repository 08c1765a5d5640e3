package dev.signet.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.Merkle;
import dev.signet.ctlog.SignedTreeHead;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.ctlog.embedded.LogEntry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * Checks a certificate's embedded SCT without Signet's own SCT code: the TLS structures are read
 * and the signed data rebuilt by hand here, the signature checked with plain JCA, and the entry
 * proven in the log with an inclusion proof against a signed tree head.
 */
public final class EmbeddedSctAssertions {
    public static final String SCT_LIST_OID = "1.3.6.1.4.1.11129.2.4.2";

    private EmbeddedSctAssertions() {
    }

    /** Asserts the SCT and returns the entry's leaf index. */
    public static long assertEmbeddedSct(X509Certificate leaf, X509Certificate issuer, EmbeddedLog log)
            throws Exception {
        PublicKey logKey = log.identity().publicKey();
        byte[] extnValue = ASN1OctetString.getInstance(leaf.getExtensionValue(SCT_LIST_OID)).getOctets();
        ByteBuffer list = ByteBuffer.wrap(ASN1OctetString.getInstance(extnValue).getOctets());
        int listLength = u16(list);
        assertEquals(list.remaining(), listLength, "SCT list length");
        int sctLength = u16(list);
        assertEquals(list.remaining(), sctLength, "exactly one SCT");

        assertEquals(0, list.get(), "SCT version v1");
        byte[] logId = new byte[32];
        list.get(logId);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(logKey.getEncoded()), logId, "log ID");
        long timestamp = list.getLong();
        byte[] extensions = new byte[u16(list)];
        list.get(extensions);
        assertEquals(4, list.get(), "hash SHA-256");
        assertEquals(3, list.get(), "signature ECDSA");
        byte[] signature = new byte[u16(list)];
        list.get(signature);
        assertFalse(list.hasRemaining());

        assertEquals(8, extensions.length, "one leaf_index extension");
        assertEquals(0, extensions[0], "extension type leaf_index");
        assertEquals(5, ((extensions[1] & 0xff) << 8) | (extensions[2] & 0xff));
        long index = 0;
        for (int i = 3; i < 8; i++) {
            index = (index << 8) | (extensions[i] & 0xff);
        }

        byte[] tbs = tbsWithoutSctList(leaf);
        byte[] issuerKeyHash = MessageDigest.getInstance("SHA-256").digest(issuer.getPublicKey().getEncoded());
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(signed);
        out.writeByte(0);
        out.writeByte(0);
        out.writeLong(timestamp);
        out.writeShort(1);
        out.write(issuerKeyHash);
        out.writeByte(tbs.length >>> 16);
        out.writeShort(tbs.length & 0xffff);
        out.write(tbs);
        out.writeShort(extensions.length);
        out.write(extensions);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(logKey);
        verifier.update(signed.toByteArray());
        assertTrue(verifier.verify(signature), "SCT signature verifies with JCA");

        LogEntry entry = log.entries(index, index).get(0);
        byte[] leafInput = entry.leafInput();
        ByteArrayOutputStream expectedLeaf = new ByteArrayOutputStream();
        DataOutputStream leafOut = new DataOutputStream(expectedLeaf);
        leafOut.writeByte(0);
        leafOut.writeByte(0);
        leafOut.writeLong(timestamp);
        leafOut.writeShort(1);
        leafOut.write(issuerKeyHash);
        leafOut.writeByte(tbs.length >>> 16);
        leafOut.writeShort(tbs.length & 0xffff);
        leafOut.write(tbs);
        leafOut.writeShort(extensions.length);
        leafOut.write(extensions);
        assertArrayEquals(expectedLeaf.toByteArray(), leafInput,
                "the logged entry is the final TBS without the SCT list (= precert TBS without poison)");

        SignedTreeHead sth = log.sth();
        Signature sthVerifier = Signature.getInstance("SHA256withECDSA");
        sthVerifier.initVerify(logKey);
        ByteBuffer treeHead = ByteBuffer.allocate(2 + 8 + 8 + 32);
        treeHead.put((byte) 0).put((byte) 1).putLong(sth.timestamp()).putLong(sth.treeSize()).put(sth.rootHash());
        sthVerifier.update(treeHead.array());
        byte[] sthSignature = Arrays.copyOfRange(sth.signature(), 4, sth.signature().length);
        assertTrue(sthVerifier.verify(sthSignature), "tree head signature verifies");
        assertTrue(sth.timestamp() >= timestamp, "tree head covers the SCT's time");
        byte[] leafHash = MessageDigest.getInstance("SHA-256").digest(concat(new byte[] {0}, leafInput));
        List<byte[]> proof = log.inclusionProof(index, sth.treeSize());
        assertTrue(Merkle.verifyInclusion(leafHash, index, sth.treeSize(), proof, sth.rootHash()),
                "entry " + index + " is included in the tree of size " + sth.treeSize());
        return index;
    }

    /** The leaf's TBS with the SCT list extension removed, the other extensions kept in order. */
    public static byte[] tbsWithoutSctList(X509Certificate leaf) throws Exception {
        return tbsWithout(leaf.getTBSCertificate(), new ASN1ObjectIdentifier(SCT_LIST_OID));
    }

    /** A DER TBSCertificate with one extension taken out, rebuilt with Bouncy Castle's ASN.1 classes. */
    public static byte[] tbsWithout(byte[] tbsDer, ASN1ObjectIdentifier oid) throws Exception {
        ASN1Sequence tbs = ASN1Sequence.getInstance(tbsDer);
        ASN1EncodableVector fields = new ASN1EncodableVector();
        for (int i = 0; i < tbs.size(); i++) {
            if (tbs.getObjectAt(i) instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 3) {
                Extensions extensions = Extensions.getInstance(tagged.getExplicitBaseObject());
                ASN1EncodableVector kept = new ASN1EncodableVector();
                for (ASN1ObjectIdentifier each : extensions.getExtensionOIDs()) {
                    if (!each.equals(oid)) {
                        Extension extension = extensions.getExtension(each);
                        kept.add(extension.toASN1Primitive());
                    }
                }
                fields.add(new DERTaggedObject(true, 3, new DERSequence(kept)));
            } else {
                fields.add(tbs.getObjectAt(i));
            }
        }
        return new DERSequence(fields).getEncoded("DER");
    }

    private static int u16(ByteBuffer buffer) {
        return buffer.getShort() & 0xffff;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
