package dev.signet.identity.codefresh;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Principal;
import dev.signet.identity.UriPath;
import java.util.Map;

/**
 * A Codefresh workflow run. The client signs {@code sub}; the certificate names the pipeline as
 * {@code <platform_url>/<account_name>/<pipeline_name>:<account_id>/<pipeline_id>} (names may change, ids
 * do not, so verifiers can match either half) and carries .1.9, .1.11, .1.12, .1.14, .1.18 and .1.21.
 *
 * @param subject  the raw {@code sub}, the proof-of-possession string
 * @param identity the SAN and extensions, built and checked once when the token is read
 */
public record CodefreshWorkflowPrincipal(String subject, CertificateIdentity identity) implements Principal {

    /** The workflow claims the certificate uses; optional ones are empty when absent. */
    record Workflow(String platformUrl, String accountId, String accountName, String pipelineId, String pipelineName,
            String workflowId, String runnerEnvironment, String scmRepoUrl, String scmRef) {
    }

    static CodefreshWorkflowPrincipal of(String issuer, String subject, Workflow w) {
        String base = w.platformUrl();
        // pipeline_name is "project/pipeline": its slash is part of the name's structure, as in Codefresh's own URLs.
        String san = UriPath.join("pipeline URI", base, w.accountName(),
                w.pipelineName() + ":" + w.accountId() + "/" + w.pipelineId());
        String buildUri = UriPath.join("build URI", base, "build", w.workflowId());
        String pipelineApiUri = UriPath.join("pipeline API URI", base, "api", "pipelines", w.pipelineId());

        Map<SigstoreOid, String> extensions = Principal.commonExtensions(issuer, subject);
        extensions.put(SigstoreOid.BUILD_SIGNER_URI, buildUri);
        extensions.put(SigstoreOid.RUNNER_ENVIRONMENT, w.runnerEnvironment());
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_URI, w.scmRepoUrl());
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_REF, w.scmRef());
        extensions.put(SigstoreOid.BUILD_CONFIG_URI, pipelineApiUri);
        extensions.put(SigstoreOid.RUN_INVOCATION_URI, buildUri);
        return new CodefreshWorkflowPrincipal(subject, new CertificateIdentity(SubjectAltName.uri(san), extensions));
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
