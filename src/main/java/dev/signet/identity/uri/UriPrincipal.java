package dev.signet.identity.uri;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Principal;

/**
 * A URI identity under a configured domain. The client signs the URI (the token's {@code sub}),
 * which the certificate carries as its URI SAN and as the token subject extension.
 *
 * @param uri    the validated subject URI, equal to the token's {@code sub}
 * @param issuer the token's {@code iss}
 */
public record UriPrincipal(String uri, String issuer) implements Principal {

    @Override
    public String name() {
        return uri;
    }

    @Override
    public CertificateIdentity embed() {
        return new CertificateIdentity(SubjectAltName.uri(uri), Principal.commonExtensions(issuer, uri));
    }
}
