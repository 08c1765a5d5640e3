package dev.signet.certificate;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;

/**
 * DER at the level of tags and lengths, for the few places that cut or frame encodings Signet made
 * itself without a parse and re-encode: definite lengths only, at most four length octets. Also the
 * one place a Bouncy Castle value is encoded as DER for such framing.
 */
public final class DerBytes {
    /** Tag of a SEQUENCE. */
    public static final int SEQUENCE = 0x30;

    private DerBytes() {
    }

    /**
     * One element: {@code tag}, where its contents start, and where it ends (exclusive).
     *
     * @param tag          the identifier octet (single-octet tags only)
     * @param start        offset of the identifier octet
     * @param contentStart offset of the first content octet
     * @param end          offset just past the last content octet
     */
    public record Element(int tag, int start, int contentStart, int end) {
        /** The whole encoding, identifier and length octets included. */
        public byte[] encoding(byte[] der) {
            return Arrays.copyOfRange(der, start, end);
        }
    }

    /**
     * The element starting at {@code at}, which must end by {@code limit}.
     *
     * @throws IllegalArgumentException when it is not a definite-length element inside the limit
     */
    public static Element read(byte[] der, int at, int limit) {
        if (at + 2 > limit || limit > der.length) {
            throw new IllegalArgumentException("DER element truncated");
        }
        int tag = der[at] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new IllegalArgumentException("multi-octet DER tag");
        }
        int first = der[at + 1] & 0xff;
        long length;
        int contentStart;
        if (first < 0x80) {
            length = first;
            contentStart = at + 2;
        } else {
            int octets = first & 0x7f;
            if (octets == 0 || octets > 4 || at + 2 + octets > limit) {
                throw new IllegalArgumentException("DER length not definite or too long");
            }
            length = 0;
            for (int k = 0; k < octets; k++) {
                length = (length << 8) | (der[at + 2 + k] & 0xff);
            }
            contentStart = at + 2 + octets;
        }
        if (contentStart + length > limit) {
            throw new IllegalArgumentException("DER element longer than its container");
        }
        return new Element(tag, at, contentStart, (int) (contentStart + length));
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
