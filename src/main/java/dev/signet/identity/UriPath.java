package dev.signet.identity;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds certificate URIs from path-like claims exactly as Fulcio does with Go's {@code net/url}: {@link #join}
 * is {@code url.Parse(base).JoinPath(elements...).String()} and {@link #reparsed} is
 * {@code url.Parse(uri).String()} (https://github.com/sigstore/fulcio, {@code pkg/identity/*}/principal.go;
 * https://pkg.go.dev/net/url). The rules followed, from Go's source:
 *
 * <ul>
 *   <li>A claim is taken as already-escaped path text: {@code %XX} is an escape and is kept; a {@code %} not
 *       followed by two hex digits is a malformed escape.
 *   <li>{@code JoinPath} joins the base's escaped path and the elements with {@code /} and cleans the result
 *       like {@code path.Clean}: empty elements and repeated slashes collapse, {@code .} segments go, {@code ..}
 *       removes the segment before it and never climbs above the root; a trailing {@code /} on the last element
 *       is kept.
 *   <li>The path is written back as it is when every byte is one Go leaves alone in an escaped path (letters,
 *       digits, {@code -._~!$&'()*+,;=:@[]/} and {@code %}); otherwise it is decoded and re-encoded as a whole,
 *       every byte but letters, digits and {@code -._~$&+,/:;=@} becoming {@code %XX} (upper-case hex, UTF-8
 *       bytes), so {@code ?}, {@code #}, spaces and non-ASCII letters can never end the path.
 * </ul>
 *
 * <p>Two things Go would do are refused instead (400): a malformed escape, on which {@code JoinPath} silently
 * returns the bare base URL, naming no workflow at all; and any result whose scheme, host or port is not the
 * base's, or that carries userinfo. Go's rules already keep the host for {@code JoinPath}; the check stays as
 * the guard of that promise.
 */
public final class UriPath {
    /** Bytes Go's {@code shouldEscape(c, encodePath)} leaves alone (besides letters and digits). */
    private static final String PATH_SAFE = "-_.~$&+,/:;=@";
    /** Bytes Go's {@code shouldEscape(c, encodeFragment)} leaves alone (besides letters and digits). */
    private static final String FRAGMENT_SAFE = "-_.~$&+,/:;=?@!()*";
    /** Bytes Go's {@code validEncoded} also accepts in an already-escaped path or fragment. */
    private static final String VALID_ENCODED_EXTRA = "!$&'()*+,;=:@[]%";
    private static final Pattern HTTP_SCHEME = Pattern.compile("https?");
    /** A registered name or IPv4 address with an optional port: what a configured issuer host looks like. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=-]+(:[0-9]+)?");

    private UriPath() {
    }

    /**
     * Go's {@code url.Parse(base).JoinPath(elements...).String()}.
     *
     * @param what     names the URI in the refusal
     * @param base     an absolute http(s) URL with a host and no userinfo, query or fragment
     * @param elements claim values or literals, each already-escaped path text
     * @throws dev.signet.error.SignetException INVALID_IDENTITY_TOKEN naming {@code what}
     */
    public static String join(String what, String base, String... elements) {
        Url parsed = parse(what, base);
        if (parsed.query() != null || parsed.fragment() != null) {
            throw Claims.invalid(what + " has a base with a query or fragment");
        }
        StringBuilder joined = new StringBuilder();
        String basePath = parsed.path();
        boolean rooted = basePath.startsWith("/");
        String last = rooted ? basePath : "/" + basePath;
        joined.append(last);
        for (String element : elements) {
            Claims.exact(what, element);
            joined.append('/').append(element);
            last = element;
        }
        String path = clean(joined.toString());
        if (!rooted) {
            path = path.substring(1);
        }
        if (last.endsWith("/") && !path.endsWith("/")) {
            path += "/";
        }
        String escaped = escapedPath(what, path);
        return bounded(what, new Url(parsed.scheme(), parsed.authority(), escaped, null, null).toString());
    }

    /**
     * Go's {@code url.Parse(uri).String()} for an absolute http(s) URL with a host: the query is kept as written,
     * the path and fragment are escaped as Go escapes them.
     *
     * @throws dev.signet.error.SignetException INVALID_IDENTITY_TOKEN naming {@code what} if Go would not parse
     *         it, or it is not http(s) with a plain host, or the result is not printable ASCII
     */
    public static String reparsed(String what, String uri) {
        String result = parse(what, uri).toString();
        for (int i = 0; i < result.length(); i++) {
            char c = result.charAt(i);
            // Go copies the query as written; a certificate's URI must still be IA5 text without spaces (RFC 5280).
            if (c <= 0x20 || c >= 0x7f) {
                throw Claims.invalid(what + " is not a printable ASCII URI");
            }
        }
        return bounded(what, result);
    }

    /** Each part fits in {@link Claims#MAX_VALUE_LENGTH}; the URI built from them must too. */
    private static String bounded(String what, String uri) {
        if (uri.length() > Claims.MAX_VALUE_LENGTH) {
            throw Claims.invalid(what + " is longer than " + Claims.MAX_VALUE_LENGTH + " characters");
        }
        return uri;
    }

    /**
     * Fulcio's {@code ci_config_ref_uri} handling: the scheme-less claim parsed by Go as a relative reference,
     * its scheme then set to https ({@code gitlab.com/group/project//.gitlab-ci.yml@refs/heads/main} becomes
     * {@code https://gitlab.com/group/project//.gitlab-ci.yml@refs/heads/main}).
     *
     * @throws dev.signet.error.SignetException INVALID_IDENTITY_TOKEN naming {@code what} if Go would not parse
     *         it, or it does not start with a plain host and optional port (userinfo, a scheme, a leading
     *         {@code /})
     */
    public static String https(String what, String schemeLess) {
        Claims.exact(what, schemeLess);
        if (schemeLess.startsWith("/")) {
            throw Claims.invalid(what + " does not start with a host");
        }
        String[] fragment = schemeLess.split("#", 2);
        String rest = fragment[0];
        String query = null;
        int mark = rest.indexOf('?');
        if (mark >= 0) {
            query = rest.substring(mark + 1);
            rest = rest.substring(0, mark);
        }
        // Go would read "host:8443/…" as scheme "host" and opaque "8443/…", and Fulcio then writes "https:8443/…",
        // a URI that lost its host; here the first segment stays the host, port included.
        String escaped = escapedPath(what, rest);
        StringBuilder uri = new StringBuilder("https://").append(escaped);
        if (query != null) {
            uri.append('?').append(query);
        }
        if (fragment.length == 2 && !fragment[1].isEmpty()) {
            uri.append('#').append(escapedFragment(what, fragment[1]));
        }
        return reparsed(what, uri.toString());
    }

    /** An absolute URL as Go parses it: scheme lower-cased, authority as written, path and fragment escaped. */
    private record Url(String scheme, String authority, String path, String query, String fragment) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(scheme).append("://").append(authority);
            if (!path.isEmpty() && path.charAt(0) != '/') {
                out.append('/');
            }
            out.append(path);
            if (query != null) {
                out.append('?').append(query);
            }
            if (fragment != null) {
                out.append('#').append(fragment);
            }
            return out.toString();
        }
    }

    private static Url parse(String what, String uri) {
        Claims.exact(what, uri);
        String[] fragment = uri.split("#", 2);
        String rest = fragment[0];
        String scheme = scheme(rest);
        if (scheme == null || !HTTP_SCHEME.matcher(scheme.toLowerCase(Locale.ROOT)).matches()) {
            throw Claims.invalid(what + " is not an http(s) URL");
        }
        rest = rest.substring(scheme.length() + 1);
        String query = null;
        if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
            query = ""; // Go's ForceQuery: a lone trailing '?' is kept
            rest = rest.substring(0, rest.length() - 1);
        } else if (rest.indexOf('?') >= 0) {
            query = rest.substring(rest.indexOf('?') + 1);
            rest = rest.substring(0, rest.indexOf('?'));
            if (query.isEmpty()) {
                query = null;
            }
        }
        if (!rest.startsWith("//")) {
            throw Claims.invalid(what + " has no host");
        }
        int slash = rest.indexOf('/', 2);
        String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
        if (!HOST.matcher(authority).matches() || authority.startsWith(":")) {
            // userinfo, percent-escaped or IPv6 hosts: no identity type needs them, and '@' would move the host
            throw Claims.invalid(what + " does not have a plain host");
        }
        String path = escapedPath(what, slash < 0 ? "" : rest.substring(slash));
        String escapedFragment = fragment.length == 2 && !fragment[1].isEmpty()
                ? escapedFragment(what, fragment[1]) : null;
        return new Url(scheme.toLowerCase(Locale.ROOT), authority, path, query, escapedFragment);
    }

    /** Go's {@code getScheme}: the text before the first ':' if it is a scheme, else null. */
    private static String scheme(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    return null;
                }
                continue;
            }
            return c == ':' && i > 0 ? raw.substring(0, i) : null;
        }
        return null;
    }

    /** Go's {@code path.Clean} for a rooted path. */
    static String clean(String rooted) {
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : rooted.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                kept.pollLast();
            } else {
                kept.addLast(segment);
            }
        }
        return "/" + String.join("/", kept);
    }

    /** Go's {@code setPath} then {@code EscapedPath}. */
    private static String escapedPath(String what, String raw) {
        return reescaped(what, raw, PATH_SAFE);
    }

    /** Go's {@code setFragment} then {@code EscapedFragment}. */
    private static String escapedFragment(String what, String raw) {
        return reescaped(what, raw, FRAGMENT_SAFE);
    }

    /** The raw text if Go accepts it as escaped; else the decoded bytes escaped again. */
    private static String reescaped(String what, String raw, String safe) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        byte[] decoded = unescape(what, bytes);
        boolean valid = true;
        for (byte b : bytes) {
            int c = b & 0xff;
            valid &= VALID_ENCODED_EXTRA.indexOf(c) >= 0 || !shouldEscape(c, safe);
        }
        if (valid) {
            return raw;
        }
        StringBuilder out = new StringBuilder(decoded.length * 3);
        for (byte b : decoded) {
            int c = b & 0xff;
            if (shouldEscape(c, safe)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static boolean shouldEscape(int c, String safe) {
        boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        return !alphanumeric && (c >= 0x80 || safe.indexOf(c) < 0);
    }

    private static byte[] unescape(String what, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '%') {
                out.write(bytes[i]);
                continue;
            }
            if (i + 2 >= bytes.length || Character.digit(bytes[i + 1], 16) < 0
                    || Character.digit(bytes[i + 2], 16) < 0) {
                throw Claims.invalid(what + " holds a % that is not an escape");
            }
            out.write(Character.digit(bytes[i + 1], 16) << 4 | Character.digit(bytes[i + 2], 16));
            i += 2;
        }
        return out.toByteArray();
    }
}
