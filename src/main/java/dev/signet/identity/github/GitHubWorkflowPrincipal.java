package dev.signet.identity.github;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Principal;
import dev.signet.identity.UriPath;
import java.util.Map;

/**
 * A GitHub Actions job. The client signs {@code sub}; the certificate names the job's workflow file at
 * {@code https://github.com/<job_workflow_ref>} (every URI joined as Fulcio's {@code JoinPath} does, see
 * {@link UriPath#join}) and carries the legacy GitHub extensions (.1.2 to .1.6)
 * and the build provenance extensions .1.9 to .1.22.
 *
 * @param subject    the raw {@code sub}, the proof-of-possession string
 * @param identity   the SAN and extensions, built and checked once when the token is read
 */
public record GitHubWorkflowPrincipal(String subject, CertificateIdentity identity) implements Principal {
    /** GitHub.com only: the legacy type never served GitHub Enterprise Server. */
    static final String BASE_URL = "https://github.com/";

    /** The workflow claims, all required by the time they get here. */
    record Workflow(String jobWorkflowRef, String sha, String eventName, String repository, String workflow,
            String ref, String jobWorkflowSha, String runnerEnvironment, String repositoryId, String repositoryOwner,
            String repositoryOwnerId, String repositoryVisibility, String workflowRef, String workflowSha,
            String runId, String runAttempt) {
    }

    static GitHubWorkflowPrincipal of(String issuer, String subject, Workflow w) {
        String jobWorkflowUri = UriPath.join("job_workflow_ref URI", BASE_URL, w.jobWorkflowRef());
        String repositoryUri = UriPath.join("repository URI", BASE_URL, w.repository());
        String ownerUri = UriPath.join("repository_owner URI", BASE_URL, w.repositoryOwner());
        String workflowUri = UriPath.join("workflow_ref URI", BASE_URL, w.workflowRef());
        String runUri = UriPath.join("run invocation URI", BASE_URL, w.repository(), "actions/runs", w.runId(),
                "attempts", w.runAttempt());

        Map<SigstoreOid, String> extensions = Principal.commonExtensions(issuer, subject);
        extensions.put(SigstoreOid.GITHUB_WORKFLOW_TRIGGER, w.eventName());
        extensions.put(SigstoreOid.GITHUB_WORKFLOW_SHA, w.sha());
        extensions.put(SigstoreOid.GITHUB_WORKFLOW_NAME, w.workflow());
        extensions.put(SigstoreOid.GITHUB_WORKFLOW_REPOSITORY, w.repository());
        extensions.put(SigstoreOid.GITHUB_WORKFLOW_REF, w.ref());
        extensions.put(SigstoreOid.BUILD_SIGNER_URI, jobWorkflowUri);
        extensions.put(SigstoreOid.BUILD_SIGNER_DIGEST, w.jobWorkflowSha());
        extensions.put(SigstoreOid.RUNNER_ENVIRONMENT, w.runnerEnvironment());
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_URI, repositoryUri);
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_DIGEST, w.sha());
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_REF, w.ref());
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_IDENTIFIER, w.repositoryId());
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_OWNER_URI, ownerUri);
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER, w.repositoryOwnerId());
        extensions.put(SigstoreOid.BUILD_CONFIG_URI, workflowUri);
        extensions.put(SigstoreOid.BUILD_CONFIG_DIGEST, w.workflowSha());
        extensions.put(SigstoreOid.BUILD_TRIGGER, w.eventName());
        extensions.put(SigstoreOid.RUN_INVOCATION_URI, runUri);
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING, w.repositoryVisibility());
        return new GitHubWorkflowPrincipal(subject,
                new CertificateIdentity(SubjectAltName.uri(jobWorkflowUri), extensions));
    }

    @Override
    public String name() {
        return subject;
    }

    @Override
    public CertificateIdentity embed() {
        return identity;
    }
}
