package dev.signet.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds expected DER encodings by hand, so tests do not check Signet's encoder with itself. */
public final class Der {
    private Der() {
    }

    /** A TLV with a definite length (short form, or long form up to 65535). */
    public static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    /** {@code depth} SEQUENCEs, each the only content of the one around it: hostile nesting. */
    public static byte[] nestedSequences(int depth) {
        byte[] inner = new byte[0];
        for (int i = 0; i < depth; i++) {
            inner = concat(sequenceHeader(inner.length), inner);
        }
        return inner;
    }

    /** The same element with its outer length in BER indefinite form ({@code 80}, contents, {@code 00 00}). */
    public static byte[] indefiniteLength(byte[] der) {
        int headerLength = (der[1] & 0x80) == 0 ? 2 : 2 + (der[1] & 0x7f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(der[0]);
        out.write(0x80);
        out.write(der, headerLength, der.length - headerLength);
        out.write(0);
        out.write(0);
        return out.toByteArray();
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] sequenceHeader(int length) {
        if (length < 0x80) {
            return new byte[] {0x30, (byte) length};
        }
        if (length < 0x100) {
            return new byte[] {0x30, (byte) 0x81, (byte) length};
        }
        if (length < 0x10000) {
            return new byte[] {0x30, (byte) 0x82, (byte) (length >> 8), (byte) length};
        }
        return new byte[] {0x30, (byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
    }

    /** The UTF-8 bytes of a string. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
