package dev.signet.identity.oidc;

import java.util.Objects;

/**
 * The settings of one issuer that verification needs.
 *
 * @param issuerUrl the issuer URL, compared exactly with {@code iss} and the discovery document's {@code issuer}
 * @param clientId  the audience a token must name
 */
public record OidcIssuerSettings(String issuerUrl, String clientId) {

    public OidcIssuerSettings {
        Objects.requireNonNull(issuerUrl, "issuerUrl");
        Objects.requireNonNull(clientId, "clientId");
    }
}
