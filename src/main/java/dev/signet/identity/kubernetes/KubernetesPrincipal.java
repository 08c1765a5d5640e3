package dev.signet.identity.kubernetes;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Principal;

/**
 * A Kubernetes service account. The client signs the token's {@code sub}
 * ({@code system:serviceaccount:<ns>:<sa>}); the certificate names the account by URI.
 *
 * @param serviceAccountUri {@code https://kubernetes.io/namespaces/<ns>/serviceaccounts/<sa>}
 * @param issuer            the token's {@code iss}
 * @param subject           the token's raw {@code sub}
 */
public record KubernetesPrincipal(String serviceAccountUri, String issuer, String subject) implements Principal {

    @Override
    public String name() {
        return subject;
    }

    @Override
    public CertificateIdentity embed() {
        return new CertificateIdentity(SubjectAltName.uri(serviceAccountUri),
                Principal.commonExtensions(issuer, subject));
    }
}
