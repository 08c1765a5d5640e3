package dev.signet.identity.buildkite;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Principal;
import dev.signet.identity.Uris;

/**
 * A Buildkite job. The client signs {@code sub}; the certificate names the pipeline at
 * {@code https://buildkite.com/<organization>/<pipeline>}, each slug one encoded path segment.
 *
 * @param subject  the raw {@code sub}, the proof-of-possession string
 * @param issuer   the verified {@code iss}
 * @param pipelineUri the SAN, built and checked when the token is read
 */
public record BuildkiteJobPrincipal(String subject, String issuer, String pipelineUri) implements Principal {
    static final String BASE_URL = "https://buildkite.com/";

    static BuildkiteJobPrincipal of(String issuer, String subject, String organizationSlug, String pipelineSlug) {
        String uri = Uris.checked("pipeline URI",
                BASE_URL + Uris.segment(organizationSlug) + "/" + Uris.segment(pipelineSlug), "https");
        return new BuildkiteJobPrincipal(subject, issuer, uri);
    }

    @Override
    public String name() {
        return subject;
    }

    @Override
    public CertificateIdentity embed() {
        return new CertificateIdentity(SubjectAltName.uri(pipelineUri), Principal.commonExtensions(issuer, subject));
    }
}
