package dev.signet.identity.oidc;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * A token split and decoded but NOT verified: only for routing by issuer. Made only by
 * {@link #parse}, so whoever holds one knows its header and claims are what the raw token says,
 * and the verifier need not decode it again.
 */
public final class UnverifiedToken {

    private final String raw;
    private final String issuer;
    private final Map<String, Object> header;
    private final Map<String, Object> claims;

    private UnverifiedToken(String raw, String issuer, Map<String, Object> header, Map<String, Object> claims) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.header = Objects.requireNonNull(header, "header");
        this.claims = Objects.requireNonNull(claims, "claims");
    }

    /** The compact JWS exactly as received. */
    public String raw() {
        return raw;
    }

    /** The unverified {@code iss} claim. */
    public String issuer() {
        return issuer;
    }

    /** The JOSE header as plain Java values. */
    public Map<String, Object> header() {
        return header;
    }

    /** The payload as plain Java values. */
    public Map<String, Object> claims() {
        return claims;
    }

    /**
     * Splits and decodes a compact JWS, applying every structural check that needs no key.
     *
     * @param raw       the token as received
     * @param maxLength the largest token accepted, in characters
     * @throws SignetException {@link ErrorKind#INVALID_IDENTITY_TOKEN} for anything malformed
     */
    public static UnverifiedToken parse(String raw, int maxLength) {
        if (raw == null || raw.isEmpty()) {
            throw invalid("token is empty");
        }
        if (raw.length() > maxLength) {
            throw invalid("token is " + raw.length() + " characters, more than " + maxLength);
        }
        // Count separators before anything else: splitting a string of dots allocates per part.
        int firstDot = -1;
        int secondDot = -1;
        int dots = 0;
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '.') {
                dots++;
                if (dots > 2) {
                    throw invalid("token has more than two '.' separators (a JWE or garbage)");
                }
                if (dots == 1) {
                    firstDot = i;
                } else {
                    secondDot = i;
                }
            }
        }
        if (dots != 2) {
            throw invalid("token has " + dots + " '.' separators, expected 2");
        }
        try {
            byte[] headerBytes = decodeSegment(raw, 0, firstDot, "header");
            byte[] payloadBytes = decodeSegment(raw, firstDot + 1, secondDot, "payload");
            decodeSegment(raw, secondDot + 1, raw.length(), "signature");

            Map<String, Object> header = readObject(headerBytes, "header");
            checkHeader(header);
            Map<String, Object> claims = readObject(payloadBytes, "payload");
            Object iss = claims.get("iss");
            if (!(iss instanceof String) || ((String) iss).isEmpty()) {
                throw invalid("iss claim is missing, empty or not a string");
            }
            return new UnverifiedToken(raw, (String) iss, header, claims);
        } catch (SignetException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw invalid("token could not be decoded: " + e.getClass().getSimpleName());
        }
    }

    private static Map<String, Object> readObject(byte[] json, String part) {
        try {
            return BoundedJson.TOKEN.readJavaObject(json);
        } catch (IOException e) {
            // Jackson messages can quote input; keep only the exception type in the detail.
            throw invalid("token " + part + " is not an acceptable JSON object: " + e.getClass().getSimpleName());
        }
    }

    private static void checkHeader(Map<String, Object> header) {
        Object alg = header.get("alg");
        if (!(alg instanceof String) || TokenAlgorithm.fromJoseName((String) alg).isEmpty()) {
            throw invalid("token alg is not one of the pinned asymmetric algorithms");
        }
        if (header.containsKey("crit")) {
            throw invalid("token header has a crit parameter");
        }
        if (header.containsKey("enc") || header.containsKey("zip")) {
            throw invalid("token header has JWE parameters");
        }
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String)) {
            throw invalid("token kid is not a string");
        }
    }

    /** Decodes unpadded base64url, rejecting padding and any character outside the alphabet. */
    private static byte[] decodeSegment(String raw, int from, int to, String part) {
        if (from >= to) {
            throw invalid("token " + part + " is empty");
        }
        if ((to - from) % 4 == 1) {
            throw invalid("token " + part + " has an impossible base64url length");
        }
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!alphabet) {
                throw invalid("token " + part + " is not unpadded base64url");
            }
        }
        return Base64.getUrlDecoder().decode(raw.substring(from, to));
    }

    /** The value of a header parameter if it is a string. */
    String headerString(String name) {
        Object value = header.get(name);
        return value instanceof String ? (String) value : null;
    }

    private static SignetException invalid(String detail) {
        return new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN, detail);
    }

    /** Leaves the raw token out, so logging this object never logs a credential. */
    @Override
    public String toString() {
        return "UnverifiedToken[issuer=" + issuer + ", alg=" + header.get("alg") + "]";
    }
}
