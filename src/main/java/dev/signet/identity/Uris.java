package dev.signet.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Builds certificate URIs from claim values safely: each path component is percent-encoded, and
 * every result must parse back to an absolute ASCII URI with the expected scheme and host.
 */
public final class Uris {

    private Uris() {
    }

    /**
     * Encodes one path segment (RFC 3986 unreserved characters pass; everything else, including
     * {@code /}, {@code ?}, {@code #}, {@code %} and non-ASCII, is percent-encoded as UTF-8).
     *
     * @throws dev.signet.error.SignetException INVALID_IDENTITY_TOKEN for a value {@link Claims#exact}
     *     refuses: a URI is never built from a rewritten claim
     */
    public static String segment(String value) {
        Claims.exact("URI path segment", value);
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Checks that {@code uri} is an absolute, printable-ASCII URI whose scheme is http or https (or
     * {@code allowedScheme}) with a host, and returns it unchanged.
     *
     * @throws dev.signet.error.SignetException INVALID_IDENTITY_TOKEN naming {@code what}
     */
    public static String checked(String what, String uri, String... allowedSchemes) {
        Claims.exact(what, uri);
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw Claims.invalid(what + " is not a printable ASCII URI");
            }
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw Claims.invalid(what + " is not a valid URI");
        }
        if (!parsed.isAbsolute() || parsed.getScheme() == null) {
            throw Claims.invalid(what + " is not an absolute URI");
        }
        String scheme = parsed.getScheme();
        boolean allowed = allowedSchemes.length == 0
                ? scheme.equals("https") || scheme.equals("http")
                : java.util.Arrays.asList(allowedSchemes).contains(scheme);
        if (!allowed) {
            throw Claims.invalid(what + " has an unexpected scheme");
        }
        if ((scheme.equals("https") || scheme.equals("http"))
                && (parsed.getHost() == null || parsed.getHost().isEmpty())) {
            throw Claims.invalid(what + " has no host");
        }
        return uri;
    }
}
