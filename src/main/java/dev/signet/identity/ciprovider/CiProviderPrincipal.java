package dev.signet.identity.ciprovider;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.identity.Principal;

/**
 * A CI job's identity, already rendered from its issuer's metadata templates. The client signs the
 * token's {@code sub}.
 *
 * @param subject  the raw {@code sub}
 * @param identity the URI SAN and the Sigstore extensions
 */
public record CiProviderPrincipal(String subject, CertificateIdentity identity) implements Principal {

    @Override
    public String name() {
        return subject;
    }

    @Override
    public CertificateIdentity embed() {
        return identity;
    }
}
