package dev.signet.identity.email;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.identity.Principal;
import java.util.EnumMap;
import java.util.Map;

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

    @Override
    public CertificateIdentity embed() {
        Map<SigstoreOid, String> extensions = new EnumMap<>(SigstoreOid.class);
        extensions.put(SigstoreOid.ISSUER_V1, issuer);
        extensions.put(SigstoreOid.ISSUER_V2, issuer);
        extensions.put(SigstoreOid.TOKEN_SUBJECT, subject);
        return new CertificateIdentity(SubjectAltName.email(email), extensions);
    }
}
