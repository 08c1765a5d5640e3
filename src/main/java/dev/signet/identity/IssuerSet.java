package dev.signet.identity;

import dev.signet.config.IdentityConfig;
import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One validated, immutable generation of the identity configuration: the issuers a token may come
 * from. The pool swaps whole sets, so a request sees either the old configuration or the new one.
 */
public final class IssuerSet {
    private final Map<String, Issuer> byUrl;

    private IssuerSet(Map<String, Issuer> byUrl) {
        this.byUrl = Collections.unmodifiableMap(byUrl);
    }

    /**
     * Builds every issuer of {@code identity}, plus {@code extra} (the demo issuer), failing on the
     * first invalid one with a message naming {@code source} and the issuer.
     */
    public static IssuerSet of(IdentityConfig identity, String source, Optional<IssuerConfig> extra) {
        if (!identity.metaIssuers().isEmpty()) {
            throw new InvalidIdentityConfigException(source
                    + ": MetaIssuers are not supported by this version of Signet; list each issuer under OIDCIssuers");
        }
        Map<String, Issuer> byUrl = new LinkedHashMap<>();
        identity.oidcIssuers().forEach((url, issuer) ->
                byUrl.put(url, IssuerFactory.create(issuer, identity, source + ": issuer " + url)));
        extra.ifPresent(config -> byUrl.put(config.issuerUrl(), IssuerFactory.create(config, identity, "demo issuer")));
        return new IssuerSet(byUrl);
    }

    /** The issuer configured for exactly this {@code iss}, if any. Never causes I/O. */
    public Optional<Issuer> find(String issuerUrl) {
        return Optional.ofNullable(byUrl.get(issuerUrl));
    }

    /** Every issuer, in configuration order. */
    public List<Issuer> all() {
        return List.copyOf(byUrl.values());
    }

    /** The issuer URLs, for the startup log line. */
    public List<String> urls() {
        return List.copyOf(byUrl.keySet());
    }
}
