package dev.signet.identity.oidc;

import java.util.Objects;
import java.util.Optional;

/**
 * The settings of one issuer that verification needs.
 *
 * @param issuerUrl the issuer URL, compared exactly with {@code iss} and the discovery document's {@code issuer}
 * @param clientId  the audience a token must name
 * @param meta      synthesised from a MetaIssuers pattern, so its URL came from an unverified token:
 *                  https only, public addresses only (unless allowed), {@code jwks_uri} on the issuer's origin
 * @param caCertPem PEM certificates trusted, besides the JDK roots, for this issuer's discovery and JWKS TLS
 */
public record OidcIssuerSettings(String issuerUrl, String clientId, boolean meta, Optional<String> caCertPem) {

    public OidcIssuerSettings {
        Objects.requireNonNull(issuerUrl, "issuerUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(caCertPem, "caCertPem");
    }

    /** A static issuer trusting only the JDK roots. */
    public OidcIssuerSettings(String issuerUrl, String clientId) {
        this(issuerUrl, clientId, false, Optional.empty());
    }
}
