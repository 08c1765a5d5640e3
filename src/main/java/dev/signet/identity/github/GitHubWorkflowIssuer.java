package dev.signet.identity.github;

import dev.signet.config.IssuerConfig;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerProvider;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.oidc.VerifiedToken;

/** The legacy {@code github-workflow} issuer: GitHub Actions tokens, every workflow claim required. */
public final class GitHubWorkflowIssuer implements Issuer {
    private final IssuerConfig config;

    public GitHubWorkflowIssuer(IssuerConfig config) {
        this.config = config;
    }

    @Override
    public IssuerConfig config() {
        return config;
    }

    @Override
    public IssuerType type() {
        return IssuerType.GITHUB_WORKFLOW;
    }

    @Override
    public Principal principal(VerifiedToken token) {
        Claims claims = new Claims(token);
        // Checked in Fulcio's order, so the first missing claim named is the one Fulcio would name.
        GitHubWorkflowPrincipal.Workflow workflow = new GitHubWorkflowPrincipal.Workflow(
                claims.requiredExact("job_workflow_ref"),
                claims.required("sha"),
                claims.required("event_name"),
                claims.requiredExact("repository"),
                claims.required("workflow"),
                claims.required("ref"),
                claims.required("job_workflow_sha"),
                claims.required("runner_environment"),
                claims.required("repository_id"),
                claims.requiredExact("repository_owner"),
                claims.required("repository_owner_id"),
                claims.required("repository_visibility"),
                claims.requiredExact("workflow_ref"),
                claims.required("workflow_sha"),
                claims.requiredExact("run_id"),
                claims.requiredExact("run_attempt"));
        return GitHubWorkflowPrincipal.of(claims.issuer(), claims.subject(), workflow);
    }

    /** Builds this type's issuers for the identity package's {@code IssuerFactory} (listed in META-INF/services). */
    public static final class Provider extends IssuerProvider.ForType {
        public Provider() {
            super(IssuerType.GITHUB_WORKFLOW, (config, where) -> new GitHubWorkflowIssuer(config));
        }
    }
}
