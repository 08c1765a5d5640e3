package dev.signet.config;

import java.util.Map;

/**
 * The identity file: which OIDC issuers Signet trusts.
 *
 * @param oidcIssuers      issuers matched exactly by {@code iss}, keyed by issuer URL, in file order
 * @param metaIssuers      issuers matched by URL pattern, keyed by pattern, in file order
 * @param ciIssuerMetadata templates for {@code ci-provider} issuers, keyed by the name their
 *                         {@code CIProvider} gives
 */
public record IdentityConfig(Map<String, IssuerConfig> oidcIssuers, Map<String, IssuerConfig> metaIssuers,
        Map<String, CiIssuerMetadata> ciIssuerMetadata) {

    /** A file without CI issuer metadata. */
    public IdentityConfig(Map<String, IssuerConfig> oidcIssuers, Map<String, IssuerConfig> metaIssuers) {
        this(oidcIssuers, metaIssuers, Map.of());
    }

    public static IdentityConfig empty() {
        return new IdentityConfig(Map.of(), Map.of(), Map.of());
    }
}
