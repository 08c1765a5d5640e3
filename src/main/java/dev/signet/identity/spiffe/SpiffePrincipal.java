package dev.signet.identity.spiffe;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Principal;

/**
 * A SPIFFE workload. The client signs its SPIFFE ID (the token's {@code sub}), which the
 * certificate carries as its URI SAN and as the token subject extension.
 *
 * @param spiffeId the validated SPIFFE ID, equal to the token's {@code sub}
 * @param issuer   the token's {@code iss}
 */
public record SpiffePrincipal(String spiffeId, String issuer) implements Principal {

    @Override
    public String name() {
        return spiffeId;
    }

    @Override
    public CertificateIdentity embed() {
        return new CertificateIdentity(SubjectAltName.uri(spiffeId), Principal.commonExtensions(issuer, spiffeId));
    }
}
