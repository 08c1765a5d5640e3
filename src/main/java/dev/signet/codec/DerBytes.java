package dev.signet.codec;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;

/**
 * The one DER writer: frames encodings Signet made itself with a tag and a minimal definite length,
 * without a parse and re-encode, and is the one place a Bouncy Castle value is encoded as DER. Reading
 * is {@link StrictDer}'s.
 */
public final class DerBytes {
    /** Tag of a SEQUENCE. */
    public static final int SEQUENCE = 0x30;

    private DerBytes() {
    }

    /** {@code tag} and the DER length of the contents, then the contents, which are DER already. */
    public static byte[] frame(int tag, byte[]... contents) {
        int length = 0;
        for (byte[] content : contents) {
            length += content.length;
        }
        int lengthOctets = length < 0x80 ? 0 : length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
        byte[] out = new byte[2 + lengthOctets + length];
        out[0] = (byte) tag;
        if (lengthOctets == 0) {
            out[1] = (byte) length;
        } else {
            out[1] = (byte) (0x80 | lengthOctets);
            for (int k = 0; k < lengthOctets; k++) {
                out[2 + k] = (byte) (length >>> (8 * (lengthOctets - 1 - k)));
            }
        }
        int at = 2 + lengthOctets;
        for (byte[] content : contents) {
            System.arraycopy(content, 0, out, at, content.length);
            at += content.length;
        }
        return out;
    }

    /** {@code value} in DER; Bouncy Castle declares an IOException it cannot throw for values in memory. */
    public static byte[] encode(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of " + value.getClass().getSimpleName() + " failed", e);
        }
    }
}
