package dev.signet.api;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;

/** Reads the token from an {@code Authorization: Bearer …} header. */
final class BearerToken {
    private static final String SCHEME = "bearer ";

    private BearerToken() {
    }

    static String from(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN, "no identity token in the request");
        }
        return authorization.substring(SCHEME.length()).strip();
    }
}
