package dev.signet.ctlog;

import java.io.ByteArrayOutputStream;

/** Big-endian TLS presentation-language encoder: fixed integers and length-prefixed vectors. */
public final class TlsWriter {
    private final ByteArrayOutputStream out;

    public TlsWriter() {
        this(256);
    }

    public TlsWriter(int initialCapacity) {
        out = new ByteArrayOutputStream(initialCapacity);
    }

    /** Writes the low {@code bytes} bytes of {@code value}, most significant first. */
    public TlsWriter uint(long value, int bytes) {
        if (bytes < 8 && (value < 0 || value >>> (8 * bytes) != 0)) {
            throw new IllegalArgumentException("value " + value + " does not fit in " + bytes + " bytes");
        }
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    public TlsWriter uint8(int value) {
        return uint(value, 1);
    }

    public TlsWriter uint16(int value) {
        return uint(value, 2);
    }

    public TlsWriter uint64(long value) {
        return uint(value, 8);
    }

    /** Writes {@code data} as is, with no length prefix. */
    public TlsWriter raw(byte[] data) {
        out.write(data, 0, data.length);
        return this;
    }

    /** Writes a vector: a {@code lengthBytes}-wide length prefix, then {@code data}. */
    public TlsWriter vector(byte[] data, int lengthBytes) {
        uint(data.length, lengthBytes);
        return raw(data);
    }

    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
