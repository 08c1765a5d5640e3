package dev.signet.identity.codefresh;

import dev.signet.config.IssuerConfig;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerProvider;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.oidc.VerifiedToken;

/** The legacy {@code codefresh-workflow} issuer: Codefresh workflow tokens. */
public final class CodefreshWorkflowIssuer implements Issuer {
    /** Where Codefresh SaaS runs, for tokens without {@code platform_url}. */
    public static final String DEFAULT_PLATFORM_URL = "https://g.codefresh.io";

    private final IssuerConfig config;

    public CodefreshWorkflowIssuer(IssuerConfig config) {
        this.config = config;
    }

    @Override
    public IssuerConfig config() {
        return config;
    }

    @Override
    public IssuerType type() {
        return IssuerType.CODEFRESH_WORKFLOW;
    }

    @Override
    public Principal principal(VerifiedToken token) {
        Claims claims = new Claims(token);
        // Values written into URIs (and the repository URL) are taken exactly; the others are text.
        // Fulcio's Codefresh messages differ from the other types' ("missing account_id in token").
        String accountId =
                claims.optionalExact("account_id").orElseThrow(() -> Claims.invalid("missing account_id in token"));
        String pipelineId = claims.optionalExact("pipeline_id")
                .orElseThrow(() -> Claims.invalid("missing pipeline_id in token"));
        String workflowId = claims.optionalExact("workflow_id")
                .orElseThrow(() -> Claims.invalid("missing workflow_id in token"));
        CodefreshWorkflowPrincipal.Workflow workflow = new CodefreshWorkflowPrincipal.Workflow(
                claims.optionalExact("platform_url").orElse(DEFAULT_PLATFORM_URL),
                accountId,
                claims.optionalExact("account_name").orElse(""),
                pipelineId,
                claims.optionalExact("pipeline_name").orElse(""),
                workflowId,
                claims.optional("runner_environment").orElse(""),
                claims.optionalExact("scm_repo_url").orElse(""),
                claims.optional("scm_ref").orElse(""));
        return CodefreshWorkflowPrincipal.of(claims.issuer(), claims.subject(), workflow);
    }

    /** Builds this type's issuers for the identity package's {@code IssuerFactory} (listed in META-INF/services). */
    public static final class Provider extends IssuerProvider.ForType {
        public Provider() {
            super(IssuerType.CODEFRESH_WORKFLOW, (config, where) -> new CodefreshWorkflowIssuer(config));
        }
    }
}
