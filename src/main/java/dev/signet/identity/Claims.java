package dev.signet.identity;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.oidc.VerifiedToken;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Reads claims for certificates: every value that goes into a SAN or an extension passes here,
 * so each is a string, capped in length and free of control characters, or the token is refused
 * with a Fulcio-style message naming the claim (never its value).
 */
public final class Claims {
    /** Longest claim value written into a certificate; longer ones are refused, never truncated. */
    public static final int MAX_VALUE_LENGTH = 1024;

    private final VerifiedToken token;

    public Claims(VerifiedToken token) {
        this.token = token;
    }

    /** A claim that must be present and non-empty: {@code missing <name> claim in ID token} otherwise. */
    public String required(String name) {
        return optional(name).orElseThrow(() -> invalid("missing " + name + " claim in ID token"));
    }

    /** A claim that may be absent or empty (then empty). Numbers and booleans are written as Go prints them. */
    public Optional<String> optional(String name) {
        Object value = token.claims().get(name);
        if (value == null) {
            return Optional.empty();
        }
        String text = stringify(value).orElseThrow(() -> invalid(name + " claim is not a string"));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(checked(name, text));
    }

    /** The raw {@code sub}, checked like any other value ({@code ""} when absent). */
    public String subject() {
        return token.subject() == null ? "" : checked("sub", token.subject());
    }

    /** The verified {@code iss}. */
    public String issuer() {
        return token.issuer();
    }

    /**
     * The text of a scalar claim: strings as they are; integers in plain decimal (no exponent);
     * other numbers in plain decimal; booleans as {@code true}/{@code false}. Empty for objects
     * and arrays.
     */
    public static Optional<String> stringify(Object value) {
        if (value instanceof String text) {
            return Optional.of(text);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
            return Optional.of(value.toString());
        }
        if (value instanceof Double number && Double.isFinite(number)) {
            BigDecimal decimal = BigDecimal.valueOf(number).stripTrailingZeros();
            return Optional.of(decimal.scale() <= 0 ? decimal.toBigInteger().toString() : decimal.toPlainString());
        }
        if (value instanceof Boolean bool) {
            return Optional.of(bool.toString());
        }
        return Optional.empty();
    }

    /** Refuses a value that is too long, holds control characters or is not well-formed Unicode. */
    public static String checked(String name, String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw invalid(name + " claim is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid(name + " claim contains a control character");
            }
        }
        requireWellFormed(name + " claim", value);
        return value;
    }

    /**
     * Refuses unpaired UTF-16 surrogates (a JSON string can carry them as escapes): UTF-8
     * encoders replace them, so two different values would be written as the same bytes.
     */
    static void requireWellFormed(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid(what + " is not well-formed Unicode");
            }
        }
    }

    /** An INVALID_IDENTITY_TOKEN failure with a detail for the log. */
    public static SignetException invalid(String detail) {
        return new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN, detail);
    }
}
