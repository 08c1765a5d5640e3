package dev.signet.certificate;

import java.util.Arrays;

/**
 * Strict DER tag-length-value reading for input from outside (CSRs, public keys, the log's submitted
 * chains): single-byte tags, definite minimal lengths, no trailing bytes, no constructed string forms,
 * bounded nesting. It builds no objects, so hostile nesting is refused here before anything reaches
 * Bouncy Castle's recursive parser. (DerBytes frames encodings Signet made itself.)
 */
public final class StrictDer {
    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int SEQUENCE = 0x30;
    public static final int SET = 0x31;
    public static final int CONTEXT_0_CONSTRUCTED = 0xA0;

    private static final int UNIVERSAL_CLASS_MASK = 0xC0;
    private static final int CONSTRUCTED_BIT = 0x20;
    private static final int HIGH_TAG_NUMBER = 0x1F;
    // Inputs are capped far below 16 MiB, so three length bytes are always enough.
    private static final int MAX_LENGTH_BYTES = 3;

    private StrictDer() {
    }

    /** One element: its tag byte and where its header and value lie in the buffer. */
    public record Element(byte[] buffer, int tag, int start, int valueStart, int end) {
        public boolean isConstructed() {
            return (tag & CONSTRUCTED_BIT) != 0;
        }

        public int valueLength() {
            return end - valueStart;
        }

        public byte valueByte(int index) {
            return buffer[valueStart + index];
        }

        /** The element exactly as it appears in the input, header included. */
        public byte[] encoded() {
            return Arrays.copyOfRange(buffer, start, end);
        }

        public byte[] value() {
            return Arrays.copyOfRange(buffer, valueStart, end);
        }

        public Reader children() {
            return new Reader(buffer, valueStart, end);
        }
    }

    /** Reads consecutive elements from a range of a buffer. */
    public static final class Reader {
        private final byte[] buffer;
        private final int end;
        private int position;

        public Reader(byte[] buffer, int start, int end) {
            this.buffer = buffer;
            this.position = start;
            this.end = end;
        }

        public boolean hasNext() {
            return position < end;
        }

        public Element next() throws MalformedEncodingException {
            if (position >= end) {
                throw new MalformedEncodingException("DER truncated: element expected");
            }
            int start = position;
            int tag = buffer[position++] & 0xFF;
            if ((tag & HIGH_TAG_NUMBER) == HIGH_TAG_NUMBER) {
                throw new MalformedEncodingException("DER high tag numbers are not supported");
            }
            if ((tag & UNIVERSAL_CLASS_MASK) == 0 && (tag & CONSTRUCTED_BIT) != 0 && tag != SEQUENCE && tag != SET) {
                throw new MalformedEncodingException("constructed string encodings are BER, not DER");
            }
            if (position >= end) {
                throw new MalformedEncodingException("DER truncated in a length");
            }
            int first = buffer[position++] & 0xFF;
            int length;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x80) {
                throw new MalformedEncodingException("indefinite length is BER, not DER");
            } else {
                int count = first & 0x7F;
                if (count > MAX_LENGTH_BYTES) {
                    throw new MalformedEncodingException("DER length too large");
                }
                if (end - position < count) {
                    throw new MalformedEncodingException("DER truncated in a length");
                }
                if (buffer[position] == 0) {
                    throw new MalformedEncodingException("DER length not minimal");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (buffer[position++] & 0xFF);
                }
                if (length < 0x80) {
                    throw new MalformedEncodingException("DER length not minimal");
                }
            }
            if (length > end - position) {
                throw new MalformedEncodingException("DER truncated: length exceeds the input");
            }
            Element element = new Element(buffer, tag, start, position, position + length);
            position += length;
            return element;
        }

        public Element next(int expectedTag) throws MalformedEncodingException {
            Element element = next();
            if (element.tag() != expectedTag) {
                throw new MalformedEncodingException(
                        "DER tag 0x" + Integer.toHexString(element.tag()) + " where 0x"
                                + Integer.toHexString(expectedTag) + " was expected");
            }
            return element;
        }

        public void requireEnd() throws MalformedEncodingException {
            if (position != end) {
                throw new MalformedEncodingException("unexpected trailing DER data");
            }
        }
    }

    /**
     * Checks that the whole input is exactly one well-formed element, nested no deeper than maxDepth, and
     * returns it.
     */
    public static Element parseWellFormed(byte[] der, int maxDepth) throws MalformedEncodingException {
        Reader reader = new Reader(der, 0, der.length);
        Element top = reader.next();
        reader.requireEnd();
        checkChildren(top, 1, maxDepth);
        return top;
    }

    private static void checkChildren(Element element, int depth, int maxDepth) throws MalformedEncodingException {
        if (!element.isConstructed()) {
            return;
        }
        if (depth >= maxDepth) {
            throw new MalformedEncodingException("DER nested deeper than " + maxDepth);
        }
        Reader children = element.children();
        while (children.hasNext()) {
            checkChildren(children.next(), depth + 1, maxDepth);
        }
    }
}
