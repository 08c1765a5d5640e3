package dev.signet.identity;

import dev.signet.config.CiIssuerMetadata;
import dev.signet.config.IdentityConfig;
import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import dev.signet.identity.buildkite.BuildkiteJobIssuer;
import dev.signet.identity.chainguard.ChainguardIdentityIssuer;
import dev.signet.identity.ciprovider.CiProviderIssuer;
import dev.signet.identity.codefresh.CodefreshWorkflowIssuer;
import dev.signet.identity.email.EmailIssuer;
import dev.signet.identity.github.GitHubWorkflowIssuer;
import dev.signet.identity.gitlab.GitLabPipelineIssuer;
import dev.signet.identity.kubernetes.KubernetesIssuer;
import dev.signet.identity.spiffe.SpiffeIssuer;
import dev.signet.identity.uri.UriIssuer;
import dev.signet.identity.username.UsernameIssuer;

/** The one switch from an issuer type to its implementation: add a type here. */
public final class IssuerFactory {

    private IssuerFactory() {
    }

    /** Builds an issuer that needs nothing else from the file (every type but {@code ci-provider}). */
    public static Issuer create(IssuerConfig config, String where) {
        return create(config, IdentityConfig.empty(), where);
    }

    /**
     * Builds and validates the issuer; {@code identity} is the file it comes from (for the CI issuer
     * metadata it may refer to) and {@code where} names it in error messages.
     */
    public static Issuer create(IssuerConfig config, IdentityConfig identity, String where) {
        IssuerType type = IssuerType.fromConfigName(config.type()).orElseThrow(
                () -> new InvalidIdentityConfigException(where + ": unknown issuer type " + config.type()));
        if (config.issuerClaim().isPresent() && type != IssuerType.EMAIL) {
            throw new InvalidIdentityConfigException(where + ": only email issuers can use issuer claim mapping");
        }
        if (config.skipEmailVerification() && type != IssuerType.EMAIL) {
            throw new InvalidIdentityConfigException(where + ": only email issuers can skip email verification");
        }
        switch (type) {
            case EMAIL:
                return new EmailIssuer(config, where);
            case KUBERNETES:
                return new KubernetesIssuer(config, where);
            case SPIFFE:
                return new SpiffeIssuer(config, where);
            case URI:
                return new UriIssuer(config, where);
            case USERNAME:
                return new UsernameIssuer(config, where);
            case GITHUB_WORKFLOW:
                return new GitHubWorkflowIssuer(config);
            case GITLAB_PIPELINE:
                return new GitLabPipelineIssuer(config);
            case BUILDKITE_JOB:
                return new BuildkiteJobIssuer(config);
            case CODEFRESH_WORKFLOW:
                return new CodefreshWorkflowIssuer(config);
            case CHAINGUARD_IDENTITY:
                return new ChainguardIdentityIssuer(config);
            case CI_PROVIDER: {
                String provider = config.ciProvider().orElse("");
                CiIssuerMetadata metadata = identity.ciIssuerMetadata().get(provider);
                if (metadata == null) {
                    throw new InvalidIdentityConfigException(where + ": metadata not found for ci provider "
                            + provider + ", issuer: " + config.issuerUrl());
                }
                return new CiProviderIssuer(config, metadata, where);
            }
            default:
                throw new InvalidIdentityConfigException(where + ": issuer type " + config.type()
                        + " is not supported by this version of Signet");
        }
    }
}
