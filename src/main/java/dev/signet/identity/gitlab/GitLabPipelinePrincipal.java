package dev.signet.identity.gitlab;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Principal;
import dev.signet.identity.UriPath;
import java.util.Map;

/**
 * A GitLab CI job. The client signs {@code sub}; the certificate names the pipeline definition
 * ({@code https://} + {@code ci_config_ref_uri}, on whatever host the claim names, see {@link UriPath#https}) and
 * carries the build provenance extensions .1.9 to .1.22, whose project URIs are joined under https://gitlab.com as
 * in Fulcio ({@link UriPath#join}).
 *
 * @param subject  the raw {@code sub}, the proof-of-possession string
 * @param identity the SAN and extensions, built and checked once when the token is read
 */
public record GitLabPipelinePrincipal(String subject, CertificateIdentity identity) implements Principal {
    /** Fulcio's legacy GitLab type writes gitlab.com into the project URIs whatever the issuer. */
    static final String BASE_URL = "https://gitlab.com/";

    /** The job claims the certificate uses; {@code ref} is already {@code refs/heads/…} or {@code refs/tags/…}. */
    record Job(String projectPath, String pipelineSource, String ciConfigRefUri, String ciConfigSha, String jobId,
            String ref, String namespacePath, String namespaceId, String projectId, String sha,
            String runnerEnvironment, String projectVisibility) {
    }

    static GitLabPipelinePrincipal of(String issuer, String subject, Job job) {
        String configUri = UriPath.https("ci_config_ref_uri URI", job.ciConfigRefUri());
        String projectUri = UriPath.join("project_path URI", BASE_URL, job.projectPath());
        String namespaceUri = UriPath.join("namespace_path URI", BASE_URL, job.namespacePath());
        String jobUri = UriPath.join("job URI", BASE_URL, job.projectPath(), "/-/jobs/", job.jobId());

        Map<SigstoreOid, String> extensions = Principal.commonExtensions(issuer, subject);
        extensions.put(SigstoreOid.BUILD_SIGNER_URI, configUri);
        extensions.put(SigstoreOid.BUILD_SIGNER_DIGEST, job.ciConfigSha());
        extensions.put(SigstoreOid.RUNNER_ENVIRONMENT, job.runnerEnvironment());
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_URI, projectUri);
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_DIGEST, job.sha());
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_REF, job.ref());
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_IDENTIFIER, job.projectId());
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_OWNER_URI, namespaceUri);
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER, job.namespaceId());
        extensions.put(SigstoreOid.BUILD_CONFIG_URI, configUri);
        extensions.put(SigstoreOid.BUILD_CONFIG_DIGEST, job.ciConfigSha());
        extensions.put(SigstoreOid.BUILD_TRIGGER, job.pipelineSource());
        extensions.put(SigstoreOid.RUN_INVOCATION_URI, jobUri);
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING, job.projectVisibility());
        return new GitLabPipelinePrincipal(subject, new CertificateIdentity(SubjectAltName.uri(configUri), extensions));
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
