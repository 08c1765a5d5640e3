package dev.signet.ctlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.embedded.LogKeys;
import dev.signet.ctlog.embedded.LogSigner;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/** SCT encoding, parsing and signatures, checked against bytes rebuilt by hand from RFC 6962 §3.2. */
class SctCodecTest {
    private static final KeyPair LOG_KEY = LogKeys.generate();
    private static final LogSigner SIGNER = new LogSigner(LOG_KEY);

    private static SignedCertificateTimestamp sign(long timestamp, byte[] issuerKeyHash, byte[] tbs,
            byte[] extensions) {
        TimestampedEntry entry = TimestampedEntry.precert(timestamp, issuerKeyHash, tbs, extensions);
        return new SignedCertificateTimestamp(SIGNER.identity().logId(), timestamp, extensions,
                SIGNER.sign(entry.sctSignatureInput()).encoded());
    }

    @Test
    void precertSctVerifiesAgainstTheHandBuiltSignedStruct() throws Exception {
        byte[] issuerKeyHash = new byte[32];
        Arrays.fill(issuerKeyHash, (byte) 0xAB);
        byte[] tbs = {0x30, 0x03, 0x02, 0x01, 0x07};
        byte[] extensions = LeafIndexExtension.encode(0x0102030405L);
        SignedCertificateTimestamp sct = sign(1_700_000_000_123L, issuerKeyHash, tbs, extensions);

        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(signed);
        out.writeByte(0); // sct_version v1
        out.writeByte(0); // signature_type certificate_timestamp
        out.writeLong(1_700_000_000_123L);
        out.writeShort(1); // precert_entry
        out.write(issuerKeyHash);
        out.write(new byte[] {0, 0, 5});
        out.write(tbs);
        out.writeShort(8);
        out.write(new byte[] {0, 0, 5, 1, 2, 3, 4, 5});

        byte[] encoded = sct.tlsEncoded();
        ByteBuffer wire = ByteBuffer.wrap(encoded);
        assertEquals(0, wire.get());
        byte[] logId = new byte[32];
        wire.get(logId);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(LOG_KEY.getPublic().getEncoded()), logId);
        assertEquals(1_700_000_000_123L, wire.getLong());
        assertEquals(8, wire.getShort());
        wire.position(wire.position() + 8);
        assertEquals(4, wire.get()); // sha256
        assertEquals(3, wire.get()); // ecdsa
        byte[] der = new byte[wire.getShort()];
        wire.get(der);
        assertFalse(wire.hasRemaining());
        assertEquals(2, ASN1Sequence.getInstance(der).size());

        Signature verifier = Signature.getInstance("SHA256withECDSA", new BouncyCastleProvider());
        verifier.initVerify(LOG_KEY.getPublic());
        verifier.update(signed.toByteArray());
        assertTrue(verifier.verify(der));

        assertTrue(SctVerifier.verifyPrecert(sct, issuerKeyHash, tbs, LOG_KEY.getPublic()));
        assertFalse(SctVerifier.verifyPrecert(sct, issuerKeyHash, new byte[] {0x30, 0x00}, LOG_KEY.getPublic()));
        assertFalse(SctVerifier.verifyPrecert(sct, issuerKeyHash, tbs, LogKeys.generate().getPublic()));
        assertFalse(SctVerifier.verifyX509(sct, tbs, LOG_KEY.getPublic()));
        assertEquals(0x0102030405L, sct.leafIndex());
    }

    @Test
    void signaturesAreDeterministic() {
        byte[] hash = new byte[32];
        SignedCertificateTimestamp first = sign(5, hash, new byte[] {1}, new byte[0]);
        SignedCertificateTimestamp second = sign(5, hash, new byte[] {1}, new byte[0]);
        assertArrayEquals(first.signature(), second.signature());
    }

    @Test
    void parseRoundTripsAndRejectsGarbage() {
        SignedCertificateTimestamp sct = sign(42, new byte[32], new byte[] {1, 2}, LeafIndexExtension.encode(7));
        assertEquals(sct, SignedCertificateTimestamp.parse(sct.tlsEncoded()));
        byte[] truncated = Arrays.copyOf(sct.tlsEncoded(), sct.tlsEncoded().length - 1);
        assertEquals(ErrorKind.CT_LOG, assertThrows(SignetException.class,
                () -> SignedCertificateTimestamp.parse(truncated)).kind());
        byte[] v2 = sct.tlsEncoded();
        v2[0] = 1;
        assertThrows(SignetException.class, () -> SignedCertificateTimestamp.parse(v2));
        byte[] trailing = Arrays.copyOf(sct.tlsEncoded(), sct.tlsEncoded().length + 1);
        assertThrows(SignetException.class, () -> SignedCertificateTimestamp.parse(trailing));
    }

    @Test
    void listExtensionValueIsTlsListInsideAnOctetString() throws IOException {
        SignedCertificateTimestamp a = sign(1, new byte[32], new byte[] {1}, LeafIndexExtension.encode(1));
        SignedCertificateTimestamp b = sign(2, new byte[32], new byte[] {2}, new byte[0]);
        byte[] value = SignedCertificateTimestamp.listExtensionValue(List.of(a, b));
        ByteBuffer list = ByteBuffer.wrap(ASN1OctetString.getInstance(value).getOctets());
        int total = list.getShort() & 0xFFFF;
        assertEquals(list.remaining(), total);
        byte[] first = new byte[list.getShort() & 0xFFFF];
        list.get(first);
        byte[] second = new byte[list.getShort() & 0xFFFF];
        list.get(second);
        assertFalse(list.hasRemaining());
        assertArrayEquals(a.tlsEncoded(), first);
        assertArrayEquals(b.tlsEncoded(), second);
    }

    @Test
    void leafIndexExtensionIsEightBytes() {
        assertArrayEquals(new byte[] {0, 0, 5, 0, 0, 0, 1, 0}, LeafIndexExtension.encode(256));
        assertThrows(IllegalArgumentException.class, () -> LeafIndexExtension.encode(1L << 40));
    }
}
