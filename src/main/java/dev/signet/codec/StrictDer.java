package dev.signet.codec;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * Strict DER tag-length-value reading for input from outside (CSRs, public keys, the log's submitted
 * chains): single-byte tags, definite minimal lengths, no trailing bytes, no constructed string forms,
 * bounded nesting. It builds no objects, so hostile nesting is refused here before anything reaches
 * Bouncy Castle's recursive parser. The one DER reader of Signet: {@link #parseValue} is the linter's
 * canonical-DER check and {@link #lenientElement} the linter's cut of a certificate it is about to
 * judge; {@link DerBytes} writes.
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
    // A BER length the linter cuts may be padded to four octets; anything past the input is refused anyway.
    private static final int MAX_LENIENT_LENGTH_BYTES = 4;
    // Far deeper than any certificate extension value, shallow enough for Bouncy Castle's recursion.
    private static final int MAX_VALUE_DEPTH = 32;

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
            Objects.checkFromToIndex(start, end, buffer.length);
            this.buffer = buffer;
            this.position = start;
            this.end = end;
        }

        public boolean hasNext() {
            return position < end;
        }

        public Element next() throws MalformedEncodingException {
            return read(true);
        }

        /** One element; {@code strict} false accepts BER's padded lengths and constructed strings. */
        private Element read(boolean strict) throws MalformedEncodingException {
            if (position >= end) {
                throw new MalformedEncodingException("DER truncated: element expected");
            }
            int start = position;
            int tag = buffer[position++] & 0xFF;
            if ((tag & HIGH_TAG_NUMBER) == HIGH_TAG_NUMBER) {
                throw new MalformedEncodingException("DER high tag numbers are not supported");
            }
            if (strict && (tag & UNIVERSAL_CLASS_MASK) == 0 && (tag & CONSTRUCTED_BIT) != 0 && tag != SEQUENCE
                    && tag != SET) {
                throw new MalformedEncodingException("constructed string encodings are BER, not DER");
            }
            if (position >= end) {
                throw new MalformedEncodingException("DER truncated in a length");
            }
            int first = buffer[position++] & 0xFF;
            // A long: four BER length octets can exceed the int range, and must still be refused as too long.
            long length;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x80) {
                throw new MalformedEncodingException("indefinite length is BER, not DER");
            } else {
                int count = first & 0x7F;
                if (count > (strict ? MAX_LENGTH_BYTES : MAX_LENIENT_LENGTH_BYTES)) {
                    throw new MalformedEncodingException("DER length too large");
                }
                if (end - position < count) {
                    throw new MalformedEncodingException("DER truncated in a length");
                }
                if (strict && buffer[position] == 0) {
                    throw new MalformedEncodingException("DER length not minimal");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (buffer[position++] & 0xFF);
                }
                if (strict && length < 0x80) {
                    throw new MalformedEncodingException("DER length not minimal");
                }
            }
            if (length > end - position) {
                throw new MalformedEncodingException("DER truncated: length exceeds the input");
            }
            Element element = new Element(buffer, tag, start, position, position + (int) length);
            position += (int) length;
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

    /**
     * The element at {@code at}, ending by {@code limit}, read as strictly as {@link Reader#next()}, for
     * cutting DER Signet made itself (its own precertificates, linted as DER before they were signed).
     *
     * @throws IllegalArgumentException when it is not one strict DER element inside the limit
     */
    public static Element element(byte[] der, int at, int limit) {
        try {
            return new Reader(der, at, limit).next();
        } catch (MalformedEncodingException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /**
     * The element at {@code at}, ending by {@code limit}, read with BER's definite lengths: a length may
     * take more octets than it needs (up to four) and a string may be constructed. Only for cutting a
     * certificate Signet made and the linter is about to judge, so that a TBS that is not DER is
     * reported by the rule naming it instead of failing the cut; input from outside goes through
     * {@link Reader#next()}.
     */
    public static Element lenientElement(byte[] der, int at, int limit) throws MalformedEncodingException {
        return new Reader(der, at, limit).read(false);
    }

    /**
     * The single value {@code bytes} hold, parsed by Bouncy Castle, or empty when they hold anything else:
     * more or less than one element, or an encoding other than the one DER allows (Bouncy Castle's DER
     * re-encoding must give back the same bytes). The strict walk runs first, so hostile nesting never
     * reaches Bouncy Castle's recursive parser.
     */
    public static Optional<ASN1Primitive> parseValue(byte[] bytes) {
        try {
            parseWellFormed(bytes, MAX_VALUE_DEPTH);
            ASN1Primitive value = ASN1Primitive.fromByteArray(bytes);
            if (value == null || !Arrays.equals(value.getEncoded(ASN1Encoding.DER), bytes)) {
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (MalformedEncodingException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
