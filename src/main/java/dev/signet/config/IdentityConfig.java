package dev.signet.config;

import java.util.Map;

/**
 * The identity file: which OIDC issuers Signet trusts.
 *
 * @param oidcIssuers issuers matched exactly by {@code iss}, keyed by issuer URL, in file order
 * @param metaIssuers issuers matched by URL pattern, keyed by pattern, in file order
 */
public record IdentityConfig(Map<String, IssuerConfig> oidcIssuers, Map<String, IssuerConfig> metaIssuers) {

    public static IdentityConfig empty() {
        return new IdentityConfig(Map.of(), Map.of());
    }
}
