package dev.signet.identity;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A verified identity, as its issuer type reads it from a token. */
public interface Principal {

    /** The string the client signs as proof of possession (Fulcio's "name": the email, or {@code sub}). */
    String name();

    /**
     * Every string a client may sign as proof of possession, Fulcio's {@link #name()} first. Clients
     * differ: sigstore-js and sigstore-java sign the token's {@code sub} for any issuer other than
     * Google and Sigstore's own, so a type may also accept another claim of the same verified token.
     */
    default List<String> challenges() {
        return List.of(name());
    }

    /** The SAN and Sigstore extensions this identity puts into its certificate. */
    CertificateIdentity embed();

    /**
     * The extensions every type writes: the issuer (.1.1 raw and .1.8) and the raw {@code sub}
     * (.1.24). A mutable map for the type to add its own.
     */
    static Map<SigstoreOid, String> commonExtensions(String issuer, String subject) {
        Map<SigstoreOid, String> extensions = new EnumMap<>(SigstoreOid.class);
        extensions.put(SigstoreOid.ISSUER_V1, issuer);
        extensions.put(SigstoreOid.ISSUER_V2, issuer);
        extensions.put(SigstoreOid.TOKEN_SUBJECT, subject);
        return extensions;
    }
}
