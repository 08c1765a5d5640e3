package dev.signet.identity.email;

import java.util.regex.Pattern;

/**
 * A strict ASCII email grammar (dot-atom local part, LDH domain labels). Anything outside it is
 * refused rather than repaired: Bouncy Castle silently drops the high bits of non-ASCII characters
 * in an rfc822Name, which would turn one identity into another.
 */
public final class EmailAddress {
    private static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final Pattern LOCAL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private EmailAddress() {
    }

    /** True if {@code value} is a plain ASCII address with a domain of at least two labels and no trailing dot. */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@') || at > MAX_LOCAL_LENGTH) {
            return false;
        }
        if (!LOCAL.matcher(value.substring(0, at)).matches()) {
            return false;
        }
        String[] labels = value.substring(at + 1).split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
