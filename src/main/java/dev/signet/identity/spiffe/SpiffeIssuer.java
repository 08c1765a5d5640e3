package dev.signet.identity.spiffe;

import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerProvider;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.Uris;
import dev.signet.identity.oidc.VerifiedToken;

/**
 * A SPIFFE JWT-SVID issuer (e.g. a SPIRE OIDC discovery provider). The token's {@code sub} must be
 * a SPIFFE ID in the configured trust domain; it becomes the certificate's URI SAN.
 */
public final class SpiffeIssuer implements Issuer {
    private final IssuerConfig config;
    private final String trustDomain;

    public SpiffeIssuer(IssuerConfig config, String where) {
        this.config = config;
        String configured = config.spiffeTrustDomain().orElseThrow(
                () -> new InvalidIdentityConfigException(where + ": spiffe issuer must have SPIFFETrustDomain set"));
        try {
            this.trustDomain = SpiffeId.parseTrustDomain(configured);
        } catch (IllegalArgumentException e) {
            throw new InvalidIdentityConfigException(where + ": spiffe trust domain is invalid", e);
        }
    }

    @Override
    public IssuerConfig config() {
        return config;
    }

    @Override
    public IssuerType type() {
        return IssuerType.SPIFFE;
    }

    /** The trust domain every subject must belong to. */
    public String trustDomain() {
        return trustDomain;
    }

    @Override
    public Principal principal(VerifiedToken token) {
        String subject = new Claims(token).subject();
        SpiffeId id;
        try {
            id = SpiffeId.parse(subject);
        } catch (IllegalArgumentException e) {
            throw Claims.invalid("invalid spiffe ID provided: " + e.getMessage());
        }
        if (!id.trustDomain().equals(trustDomain)) {
            throw Claims.invalid("spiffe ID trust domain " + id.trustDomain()
                    + " doesn't match configured trust domain " + trustDomain);
        }
        Uris.checked("spiffe ID", subject, "spiffe");
        return new SpiffePrincipal(subject, token.issuer());
    }

    /** Builds this type's issuers for the identity package's {@code IssuerFactory} (listed in META-INF/services). */
    public static final class Provider extends IssuerProvider.ForType {
        public Provider() {
            super(IssuerType.SPIFFE, SpiffeIssuer::new);
        }
    }
}
