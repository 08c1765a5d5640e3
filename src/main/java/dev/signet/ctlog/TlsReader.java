package dev.signet.ctlog;

import java.util.Arrays;

/** Big-endian TLS decoder over a byte array; every read is bounds-checked. */
public final class TlsReader {
    private final byte[] data;
    private final int end;
    private int position;

    public TlsReader(byte[] data) {
        this(data, 0, data.length);
    }

    public TlsReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IllegalArgumentException("range outside the data");
        }
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    /** Reads a {@code bytes}-wide unsigned integer (at most 8 bytes; 8 may come out negative). */
    public long uint(int bytes) {
        require(bytes);
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (data[position++] & 0xFF);
        }
        return value;
    }

    public int uint8() {
        return (int) uint(1);
    }

    public int uint16() {
        return (int) uint(2);
    }

    public long uint64() {
        return uint(8);
    }

    /** Reads {@code length} bytes as is. */
    public byte[] raw(int length) {
        require(length);
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    /** Reads a vector with a {@code lengthBytes}-wide length prefix. */
    public byte[] vector(int lengthBytes) {
        return raw((int) uint(lengthBytes));
    }

    public int position() {
        return position;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    /** Fails unless every byte was consumed: trailing data is an encoding error. */
    public void requireEnd() {
        if (position != end) {
            throw new IllegalArgumentException((end - position) + " trailing bytes");
        }
    }

    private void require(int length) {
        if (length < 0 || length > end - position) {
            throw new IllegalArgumentException("truncated: need " + length + " bytes, have " + (end - position));
        }
    }
}
