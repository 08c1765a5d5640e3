package dev.signet.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.Merkle;
import dev.signet.ctlog.SignedTreeHead;
import dev.signet.ctlog.embedded.EmbeddedLog;
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
        // For a v1 SCT the signed data and the Merkle leaf are the same bytes: 0, 0, then the entry.
        byte[] signedEntry = signedEntry(timestamp, 1, issuerKeyHash, tbs, extensions);
        assertTrue(verifies(logKey, signedEntry, signature), "SCT signature verifies with JCA");
        assertArrayEquals(signedEntry, log.entries(index, index).get(0).leafInput(),
                "the logged entry is the final TBS without the SCT list (= precert TBS without poison)");
        SignedTreeHead sth = log.sth();
        ByteBuffer treeHead = ByteBuffer.allocate(2 + 8 + 8 + 32);
        treeHead.put((byte) 0).put((byte) 1).putLong(sth.timestamp()).putLong(sth.treeSize()).put(sth.rootHash());
        byte[] sthSignature = Arrays.copyOfRange(sth.signature(), 4, sth.signature().length);
        assertTrue(verifies(logKey, treeHead.array(), sthSignature), "tree head signature verifies");
        assertTrue(sth.timestamp() >= timestamp, "tree head covers the SCT's time");
        byte[] leafHash = MessageDigest.getInstance("SHA-256").digest(concat(new byte[] {0}, signedEntry));
        List<byte[]> proof = log.inclusionProof(index, sth.treeSize());
        assertTrue(Merkle.verifyInclusion(leafHash, index, sth.treeSize(), proof, sth.rootHash()),
                "entry " + index + " is included in the tree of size " + sth.treeSize());
        return index;
    }

    /**
     * RFC 6962's signed SCT data (also the MerkleTreeLeaf): version 0, type 0, timestamp, entry type
     * (0 x509, 1 precert), the issuer key hash for precerts, the 24-bit-length body, the extensions.
     */
    public static byte[] signedEntry(long timestamp, int entryType, byte[] issuerKeyHash, byte[] body,
            byte[] extensions) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(0);
        out.writeByte(0);
        out.writeLong(timestamp);
        out.writeShort(entryType);
        if (issuerKeyHash != null) {
            out.write(issuerKeyHash);
        }
        out.writeByte(body.length >>> 16);
        out.writeShort(body.length & 0xffff);
        out.write(body);
        out.writeShort(extensions.length);
        out.write(extensions);
        return bytes.toByteArray();
    }

    /** A plain JCA check of an ECDSA P-256 SHA-256 signature. */
    public static boolean verifies(PublicKey key, byte[] data, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key);
        verifier.update(data);
        return verifier.verify(signature);
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
