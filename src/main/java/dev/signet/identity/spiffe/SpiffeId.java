package dev.signet.identity.spiffe;

import java.nio.charset.StandardCharsets;

/**
 * A SPIFFE ID as the SPIFFE specification defines it: {@code spiffe://<trust domain><path>}, the
 * trust domain of lowercase letters, digits, dots, dashes and underscores, each path segment
 * non-empty, not {@code .} or {@code ..}, of letters, digits, dots, dashes and underscores; no
 * query, fragment, port or user info (none of their characters is allowed), at most 2048 bytes.
 *
 * @param trustDomain the trust domain name, e.g. {@code example.org}
 * @param path        the path, empty or starting with {@code /}
 */
public record SpiffeId(String trustDomain, String path) {
    static final String SCHEME_PREFIX = "spiffe://";
    static final int MAX_ID_BYTES = 2048;
    static final int MAX_TRUST_DOMAIN_BYTES = 255;

    /** The ID as a URI string. */
    @Override
    public String toString() {
        return SCHEME_PREFIX + trustDomain + path;
    }

    /**
     * Parses a SPIFFE ID strictly.
     *
     * @throws IllegalArgumentException with the reason (never the value) when it is not a SPIFFE ID
     */
    public static SpiffeId parse(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("SPIFFE ID is empty");
        }
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("SPIFFE ID is longer than " + MAX_ID_BYTES + " bytes");
        }
        if (!id.startsWith(SCHEME_PREFIX)) {
            throw new IllegalArgumentException("scheme is missing or invalid");
        }
        String rest = id.substring(SCHEME_PREFIX.length());
        int slash = rest.indexOf('/');
        String trustDomain = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        checkTrustDomain(trustDomain);
        checkPath(path);
        return new SpiffeId(trustDomain, path);
    }

    /**
     * Reads a configured trust domain: either a bare name ({@code example.org}) or a SPIFFE ID
     * ({@code spiffe://example.org}), whose trust domain is taken.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static String parseTrustDomain(String value) {
        if (value == null) {
            throw new IllegalArgumentException("trust domain is missing");
        }
        if (value.contains(":/")) {
            return parse(value).trustDomain();
        }
        checkTrustDomain(value);
        return value;
    }

    private static void checkTrustDomain(String trustDomain) {
        if (trustDomain.isEmpty()) {
            throw new IllegalArgumentException("trust domain is missing");
        }
        if (trustDomain.length() > MAX_TRUST_DOMAIN_BYTES) {
            throw new IllegalArgumentException("trust domain is longer than " + MAX_TRUST_DOMAIN_BYTES + " bytes");
        }
        for (int i = 0; i < trustDomain.length(); i++) {
            char c = trustDomain.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            if (!allowed) {
                throw new IllegalArgumentException(
                        "trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores");
            }
        }
    }

    private static void checkPath(String path) {
        if (path.isEmpty()) {
            return;
        }
        // path starts with '/': split keeps a trailing empty segment, which is refused below.
        String[] segments = path.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("path cannot contain empty segments");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("path cannot contain dot segments");
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '.' || c == '-' || c == '_';
                if (!allowed) {
                    throw new IllegalArgumentException(
                            "path segment characters are limited to letters, numbers, dots, dashes, and underscores");
                }
            }
        }
    }
}
