package dev.signet.identity.username;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Principal;

/**
 * A username under a configured domain. The client signs the bare username; the certificate names
 * {@code <username>!<SubjectDomain>} in an otherName SAN (type-id 1.3.6.1.4.1.57264.1.7).
 *
 * @param username  the token's {@code sub}, without {@code !} or {@code @}
 * @param qualified {@code <username>!<SubjectDomain>}
 * @param issuer    the token's {@code iss}
 */
public record UsernamePrincipal(String username, String qualified, String issuer) implements Principal {

    @Override
    public String name() {
        return username;
    }

    @Override
    public CertificateIdentity embed() {
        return new CertificateIdentity(new SubjectAltName(SubjectAltName.Type.USERNAME, qualified),
                Principal.commonExtensions(issuer, username));
    }
}
