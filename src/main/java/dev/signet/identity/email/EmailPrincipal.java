package dev.signet.identity.email;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Principal;
import java.util.List;

/**
 * A verified email address. The client signs the address; the certificate names it as an
 * rfc822Name SAN.
 *
 * @param email   the verified address
 * @param issuer  what the certificate records as issuer: {@code iss}, or the configured issuer claim
 * @param subject the token's raw {@code sub}, or empty
 */
public record EmailPrincipal(String email, String issuer, String subject) implements Principal {

    @Override
    public String name() {
        return email;
    }

    /**
     * The address, then the token's {@code sub}: sigstore-js and sigstore-java sign {@code sub} for
     * every issuer but Google's and Sigstore's, and both claims come from the same verified token.
     */
    @Override
    public List<String> challenges() {
        return subject.isEmpty() || subject.equals(email) ? List.of(email) : List.of(email, subject);
    }

    @Override
    public CertificateIdentity embed() {
        return new CertificateIdentity(SubjectAltName.email(email), Principal.commonExtensions(issuer, subject));
    }
}
