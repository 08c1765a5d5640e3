package dev.signet.ctlog;

/** The static-ct-api {@code leaf_index} SCT extension: type 0, then the index as a 40-bit integer. */
public final class LeafIndexExtension {
    /** Largest index a 40-bit field can hold. */
    public static final long MAX_INDEX = (1L << 40) - 1;

    private LeafIndexExtension() {
    }

    /** The 8-byte CtExtensions value holding only {@code leaf_index = index}. */
    public static byte[] encode(long index) {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("leaf index out of range: " + index);
        }
        return new TlsWriter(8).uint8(0).uint16(5).uint(index, 5).toByteArray();
    }

    /** The leaf index in {@code extensions}, or -1 when it carries none. */
    public static long find(byte[] extensions) {
        TlsReader in = new TlsReader(extensions);
        while (in.hasRemaining()) {
            int type = in.uint8();
            byte[] data = in.vector(2);
            if (type == 0) {
                if (data.length != 5) {
                    throw new IllegalArgumentException("leaf_index extension must be 5 bytes");
                }
                return new TlsReader(data).uint(5);
            }
        }
        return -1;
    }
}
