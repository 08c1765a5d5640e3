package dev.signet.identity.buildkite;

import dev.signet.config.IssuerConfig;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerProvider;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.oidc.VerifiedToken;

/** The legacy {@code buildkite-job} issuer: Buildkite agent job tokens. */
public final class BuildkiteJobIssuer implements Issuer {
    private final IssuerConfig config;

    public BuildkiteJobIssuer(IssuerConfig config) {
        this.config = config;
    }

    @Override
    public IssuerConfig config() {
        return config;
    }

    @Override
    public IssuerType type() {
        return IssuerType.BUILDKITE_JOB;
    }

    @Override
    public Principal principal(VerifiedToken token) {
        Claims claims = new Claims(token);
        // Both are written into the SAN's URI: never rewritten.
        String organization = claims.requiredExact("organization_slug");
        String pipeline = claims.requiredExact("pipeline_slug");
        return BuildkiteJobPrincipal.of(claims.issuer(), claims.subject(), organization, pipeline);
    }

    /** Builds this type's issuers for the identity package's {@code IssuerFactory} (listed in META-INF/services). */
    public static final class Provider extends IssuerProvider.ForType {
        public Provider() {
            super(IssuerType.BUILDKITE_JOB, (config, where) -> new BuildkiteJobIssuer(config));
        }
    }
}
