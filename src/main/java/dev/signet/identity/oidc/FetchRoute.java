package dev.signet.identity.oidc;

import io.vertx.core.http.HttpClient;
import java.net.URI;
import java.util.Optional;

/**
 * How to fetch one issuer document: the client (its trust), whether the host must resolve to
 * public addresses only (the connection then goes to the address checked, with no second lookup),
 * and a bearer token for exactly one origin.
 */
record FetchRoute(HttpClient client, boolean publicAddressesOnly, Optional<Bearer> bearer) {

    /** A token sent as {@code Authorization: Bearer} to {@code origin} only, never on a redirect. */
    record Bearer(URI origin, String token) {
        @Override
        public String toString() {
            return "Bearer[origin=" + origin + "]"; // never the token
        }
    }
}
