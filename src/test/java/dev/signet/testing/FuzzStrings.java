package dev.signet.testing;

import java.nio.charset.StandardCharsets;

/**
 * Turns fuzzer bytes into Java strings. Plain UTF-8 seeds stay readable; an input starting with
 * the byte 0xFE (never part of UTF-8) is read as UTF-16BE code units instead, which reaches every string Java
 * can hold, lone surrogates included, as a JSON {@code \uD800} escape can.
 */
public final class FuzzStrings {
    private static final byte UTF16_MARKER = (byte) 0xFE;

    private FuzzStrings() {
    }

    /** The string these bytes stand for. */
    public static String decode(byte[] data) {
        if (data.length > 0 && data[0] == UTF16_MARKER) {
            // By hand: the JDK's UTF-16 decoder would replace lone surrogates with U+FFFD.
            char[] chars = new char[(data.length - 1) / 2];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) (((data[1 + 2 * i] & 0xff) << 8) | (data[2 + 2 * i] & 0xff));
            }
            return new String(chars);
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    /** True if the string has no unpaired surrogate, so UTF-8 can encode it without loss. */
    public static boolean isWellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
