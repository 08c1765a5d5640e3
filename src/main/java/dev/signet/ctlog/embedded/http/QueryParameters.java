package dev.signet.ctlog.embedded.http;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.util.Base64;
import java.util.regex.Pattern;

/** Strict parsing of RFC 6962 query parameters: plain decimal numbers and standard base64 hashes. */
final class QueryParameters {
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,19}");
    /** Base64 of a 32-byte hash is 44 characters; anything much longer is not a hash. */
    private static final int MAX_HASH_TEXT = 64;

    private QueryParameters() {
    }

    /** A non-negative decimal integer; missing, signed, non-numeric or overflowing values are refused. */
    static long number(String value, String name) {
        if (value == null || !DECIMAL.matcher(value).matches()) {
            throw invalid(name + " is missing or not a non-negative decimal number");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(name + " is out of range");
        }
    }

    /** A 32-byte SHA-256 hash in standard base64. */
    static byte[] hash(String value, String name) {
        if (value == null || value.isEmpty() || value.length() > MAX_HASH_TEXT) {
            throw invalid(name + " is missing or too long");
        }
        // A '+' sent unescaped in a query string arrives as a space; base64 never holds spaces.
        String text = value.replace(' ', '+');
        byte[] hash;
        try {
            hash = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid(name + " is not base64");
        }
        if (hash.length != 32) {
            throw invalid(name + " is not a 32-byte hash");
        }
        return hash;
    }

    static SignetException invalid(String detail) {
        return new SignetException(ErrorKind.INVALID_REQUEST, detail);
    }
}
