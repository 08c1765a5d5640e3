package dev.signet.identity.oidc;

import io.vertx.core.http.HttpClient;
import java.net.URI;
import java.util.Optional;

/**
 * How to fetch one issuer document: the client (its trust); whether the host is resolved once here
 * and the connection made to that address (no second lookup that could answer differently), and
 * whether that address must be public; and a bearer token for exactly one origin.
 */
record FetchRoute(HttpClient client, boolean pinAddress, boolean publicAddressesOnly, Optional<Bearer> bearer) {

    /** A token sent as {@code Authorization: Bearer} to {@code origin} only, never on a redirect. */
    record Bearer(URI origin, String token) {
        @Override
        public String toString() {
            return "Bearer[origin=" + origin + "]"; // never the token
        }
    }
}
