package dev.signet.identity.codefresh;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Claims;
import dev.signet.identity.Principal;
import dev.signet.identity.UriPath;
import dev.signet.identity.Uris;
import java.net.URI;
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
        String base = platformUrl(w.platformUrl());
        // pipeline_name is "project/pipeline": its slash is part of the name's structure, as in Codefresh's own URLs.
        String pipelineName = w.pipelineName().isEmpty() ? "" : UriPath.segments("pipeline_name", w.pipelineName());
        String san = UriPath.under("pipeline URI", base, Uris.segment(w.accountName()),
                pipelineName + ":" + Uris.segment(w.accountId()), Uris.segment(w.pipelineId()));
        String buildUri = UriPath.under("build URI", base, "build", Uris.segment(w.workflowId()));
        String pipelineApiUri = UriPath.under("pipeline API URI", base, "api", "pipelines", Uris.segment(w.pipelineId()));

        Map<SigstoreOid, String> extensions = Principal.commonExtensions(issuer, subject);
        extensions.put(SigstoreOid.BUILD_SIGNER_URI, buildUri);
        extensions.put(SigstoreOid.RUNNER_ENVIRONMENT, w.runnerEnvironment());
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_URI, w.scmRepoUrl());
        extensions.put(SigstoreOid.SOURCE_REPOSITORY_REF, w.scmRef());
        extensions.put(SigstoreOid.BUILD_CONFIG_URI, pipelineApiUri);
        extensions.put(SigstoreOid.RUN_INVOCATION_URI, buildUri);
        return new CodefreshWorkflowPrincipal(subject, new CertificateIdentity(SubjectAltName.uri(san), extensions));
    }

    /** The platform's base URL: absolute http(s) with a host, no userinfo, query or fragment, no trailing slash. */
    private static String platformUrl(String value) {
        String uri = Uris.checked("platform_url", value);
        URI parsed = URI.create(uri);
        if (parsed.getRawUserInfo() != null || parsed.getRawQuery() != null || parsed.getRawFragment() != null
                || parsed.getRawPath() == null) {
            throw Claims.invalid("platform_url claim is not a base URL");
        }
        String trimmed = uri;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
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
