package dev.signet.identity;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.oidc.VerifiedToken;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.Normalizer;
import java.util.Optional;

/**
 * The one gate for claim values on their way into a certificate (SAN, Sigstore extensions) or a
 * rate-limit key. Every value is a string of at most {@link #MAX_VALUE_LENGTH} characters holding no
 * control or format character (Unicode general categories Cc and Cf: C0/C1 controls, bidi overrides,
 * zero-width characters), no line or paragraph separator (Zl, Zp) and no lone surrogate; otherwise the
 * token is refused with a Fulcio-style message naming the claim (never its value). Then one of two
 * rules, by what the value is:
 *
 * <ul>
 *   <li>{@link #checked text}: descriptive values (workflow name, refs, event, the email issuer's
 *       issuer claim, CI-provider template results) are normalised to Unicode NFC, and that form is
 *       embedded, so one text has one encoding in every certificate.
 *   <li>{@link #exact identity}: values that name the identity or are signed as the proof of
 *       possession ({@code sub}, email, username, URI and SPIFFE subjects) and values written into a
 *       URI must already be in NFC, and are refused otherwise: normalising them would certify a
 *       string the identity provider never issued and the client never signed, and would merge two
 *       identities the provider keeps apart. So the proof is always checked against the very string
 *       that is embedded.
 * </ul>
 */
public final class Claims {
    /** Longest claim value written into a certificate; longer ones are refused, never truncated. */
    public static final int MAX_VALUE_LENGTH = 1024;

    private final VerifiedToken token;

    public Claims(VerifiedToken token) {
        this.token = token;
    }

    /** A text claim that must be present and non-empty, in NFC: {@code missing <name> claim in ID token} otherwise. */
    public String required(String name) {
        return optional(name).orElseThrow(() -> missing(name));
    }

    /**
     * A text claim that may be absent or empty (then empty), in NFC. Numbers and booleans are
     * written as Go prints them.
     */
    public Optional<String> optional(String name) {
        return raw(name).map(text -> checked(name, text));
    }

    /** {@link #required}, for an identity or URI value: refused unless already in NFC. */
    public String requiredExact(String name) {
        return optionalExact(name).orElseThrow(() -> missing(name));
    }

    /** {@link #optional}, for an identity or URI value: refused unless already in NFC. */
    public Optional<String> optionalExact(String name) {
        return raw(name).map(text -> exact(name, text));
    }

    private Optional<String> raw(String name) {
        Object value = token.claims().get(name);
        if (value == null) {
            return Optional.empty();
        }
        String text = stringify(value).orElseThrow(() -> invalid(name + " claim is not a string"));
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static SignetException missing(String name) {
        return invalid("missing " + name + " claim in ID token");
    }

    /** The raw {@code sub}, an identity value ({@code ""} when absent). */
    public String subject() {
        return token.subject() == null ? "" : exact("sub", token.subject());
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

    /**
     * A text value: refused when too long or holding a forbidden character, else returned in NFC.
     *
     * @throws SignetException INVALID_IDENTITY_TOKEN naming {@code name}
     */
    public static String checked(String name, String value) {
        String normalised = Normalizer.normalize(allowed(name, value), Normalizer.Form.NFC);
        if (normalised.length() > MAX_VALUE_LENGTH) {
            throw invalid(name + " claim is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        return normalised;
    }

    /**
     * An identity or URI value: refused when too long, holding a forbidden character, or not in
     * NFC; returned unchanged.
     *
     * @throws SignetException INVALID_IDENTITY_TOKEN naming {@code name}
     */
    public static String exact(String name, String value) {
        if (!Normalizer.isNormalized(allowed(name, value), Normalizer.Form.NFC)) {
            throw invalid(name + " claim is not in Unicode normalization form C");
        }
        return value;
    }

    private static String allowed(String name, String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw invalid(name + " claim is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a pair: a supplementary character, checked by its code point below
                if (forbidden(value.codePointAt(i - 1))) {
                    throw invalid(name + " claim contains a control or format character");
                }
            } else if (Character.isSurrogate(c)) {
                // UTF-8 encoders replace a lone surrogate, so two different values would be written as the same bytes.
                throw invalid(name + " claim is not well-formed Unicode");
            } else if (forbidden(c)) {
                throw invalid(name + " claim contains a control or format character");
            }
        }
        return value;
    }

    /** Cc and Cf (controls; bidi, zero-width and other invisible formatting) and the line and paragraph separators. */
    private static boolean forbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** An INVALID_IDENTITY_TOKEN failure with a detail for the log. */
    public static SignetException invalid(String detail) {
        return new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN, detail);
    }
}
