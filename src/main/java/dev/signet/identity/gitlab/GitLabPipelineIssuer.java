package dev.signet.identity.gitlab;

import dev.signet.config.IssuerConfig;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerProvider;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.oidc.VerifiedToken;
import java.math.BigInteger;

/** The legacy {@code gitlab-pipeline} issuer: GitLab CI job tokens. */
public final class GitLabPipelineIssuer implements Issuer {
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final IssuerConfig config;

    public GitLabPipelineIssuer(IssuerConfig config) {
        this.config = config;
    }

    @Override
    public IssuerConfig config() {
        return config;
    }

    @Override
    public IssuerType type() {
        return IssuerType.GITLAB_PIPELINE;
    }

    @Override
    public Principal principal(VerifiedToken token) {
        Claims claims = new Claims(token);
        // runner_id is a JSON number in GitLab tokens; Fulcio reads it as int64, so anything else fails first.
        long runnerId = runnerId(token.claims().get("runner_id"));
        // Checked in Fulcio's order, so the first missing claim named is the one Fulcio would name.
        String projectPath = claims.requiredExact("project_path");
        String pipelineSource = claims.required("pipeline_source");
        claims.required("pipeline_id");
        String ciConfigRefUri = claims.requiredExact("ci_config_ref_uri");
        String jobId = claims.requiredExact("job_id");
        String ref = claims.required("ref");
        String refType = claims.required("ref_type");
        String namespacePath = claims.requiredExact("namespace_path");
        String namespaceId = claims.required("namespace_id");
        String projectId = claims.required("project_id");
        String sha = claims.required("sha");
        String runnerEnvironment = claims.required("runner_environment");
        if (runnerId == 0) {
            throw Claims.invalid("missing runner_id claim in ID token");
        }
        String fullRef = switch (refType) {
            case "branch" -> "refs/heads/" + ref;
            case "tag" -> "refs/tags/" + ref;
            default -> throw Claims.invalid("unexpected ref_type: " + refType);
        };
        GitLabPipelinePrincipal.Job job = new GitLabPipelinePrincipal.Job(projectPath, pipelineSource,
                ciConfigRefUri, claims.optional("ci_config_sha").orElse(""), jobId,
                Claims.checked("ref", fullRef), namespacePath, namespaceId, projectId, sha, runnerEnvironment,
                claims.optional("project_visibility").orElse(""));
        return GitLabPipelinePrincipal.of(claims.issuer(), claims.subject(), job);
    }

    /** The runner's id as Go reads it into an int64: absent is 0, a non-integer or out-of-range value fails. */
    private static long runnerId(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.compareTo(INT64_MIN) >= 0 && big.compareTo(INT64_MAX) <= 0) {
            return big.longValue();
        }
        if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) < 0x1p63) {
            return number.longValue();
        }
        throw Claims.invalid("runner_id claim is not an integer");
    }

    /** Builds this type's issuers for the identity package's {@code IssuerFactory} (listed in META-INF/services). */
    public static final class Provider extends IssuerProvider.ForType {
        public Provider() {
            super(IssuerType.GITLAB_PIPELINE, (config, where) -> new GitLabPipelineIssuer(config));
        }
    }
}
