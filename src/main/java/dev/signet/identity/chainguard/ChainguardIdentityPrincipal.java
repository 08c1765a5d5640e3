package dev.signet.identity.chainguard;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Principal;
import dev.signet.identity.UriPath;

/**
 * A Chainguard identity. The certificate names it as the issuer URL joined with {@code sub}; the client
 * signs its email if the token has one, otherwise {@code sub}.
 *
 * @param challenge the proof-of-possession string
 * @param issuer    the verified {@code iss}
 * @param subject   the raw {@code sub}
 * @param uri       the SAN, built and checked when the token is read
 */
public record ChainguardIdentityPrincipal(String challenge, String issuer, String subject, String uri)
        implements
            Principal {

    static ChainguardIdentityPrincipal of(String issuer, String subject, String challenge) {
        String uri = UriPath.join("identity URI", issuer, subject);
        return new ChainguardIdentityPrincipal(challenge, issuer, subject, uri);
    }

    @Override
    public String name() {
        return challenge;
    }

    @Override
    public CertificateIdentity embed() {
        return new CertificateIdentity(SubjectAltName.uri(uri), Principal.commonExtensions(issuer, subject));
    }
}
