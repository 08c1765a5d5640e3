package dev.signet.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds URIs from claims that are themselves paths ({@code owner/repo/.github/workflows/x.yml@refs/heads/main}):
 * their {@code /} and {@code @} structure is kept, characters that would end or re-interpret the path
 * ({@code ?}, {@code #}, a {@code %} not starting an escape, whitespace, control and non-ASCII characters, dot
 * segments) are refused, and characters a URI cannot hold but that mean nothing in it ({@code "<>\^`{|}[]}) are
 * percent-encoded. Every result is re-parsed and must keep the base's scheme and host.
 */
public final class UriPath {
    private static final String ENCODED_AS_IS = "\"<>\\^`{|}[]";

    private UriPath() {
    }

    /**
     * The claim as one or more path segments, ready to follow a {@code /}.
     *
     * @throws dev.signet.error.SignetException INVALID_IDENTITY_TOKEN naming the claim
     */
    public static String segments(String name, String value) {
        Claims.exact(name, value);
        if (value.isEmpty() || value.startsWith("/")) {
            throw Claims.invalid(name + " claim is not a relative path");
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isPathChar(c)) {
                out.append(c);
            } else if (c == '%') {
                if (i + 2 >= value.length() || !isHex(value.charAt(i + 1)) || !isHex(value.charAt(i + 2))) {
                    throw Claims.invalid(name + " claim holds a % that is not an escape");
                }
                out.append(c);
            } else if (ENCODED_AS_IS.indexOf(c) >= 0) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                // ?, #, whitespace, control and non-ASCII characters would change what the URI names
                throw Claims.invalid(name + " claim holds a character not allowed in a URI path");
            }
        }
        for (String segment : out.toString().split("/", -1)) {
            String decodedDots = segment.replace("%2E", ".").replace("%2e", ".");
            if (decodedDots.equals(".") || decodedDots.equals("..")) {
                throw Claims.invalid(name + " claim holds a dot segment");
            }
        }
        return out.toString();
    }

    /**
     * Joins already-encoded path parts under {@code base} (an absolute http(s) URI without query or
     * fragment), skipping empty parts as Go's {@code JoinPath} does, and re-parses the result.
     *
     * @throws dev.signet.error.SignetException INVALID_IDENTITY_TOKEN naming {@code what} if the result
     *         does not parse or names another scheme, host or port than {@code base}
     */
    public static String under(String what, String base, String... encodedParts) {
        String prefix = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        List<String> parts = new ArrayList<>();
        parts.add(prefix);
        for (String part : encodedParts) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        String uri = Uris.checked(what, String.join("/", parts));
        URI parsed = URI.create(uri);
        URI expected;
        try {
            expected = new URI(base);
        } catch (URISyntaxException e) {
            throw Claims.invalid(what + " has an unparsable base " + base);
        }
        if (!parsed.getScheme().equals(expected.getScheme()) || !parsed.getHost().equals(expected.getHost())
                || parsed.getPort() != expected.getPort() || parsed.getRawUserInfo() != null
                || parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw Claims.invalid(what + " does not stay under " + base);
        }
        return uri;
    }

    private static boolean isPathChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
