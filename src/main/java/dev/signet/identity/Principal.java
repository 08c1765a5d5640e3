package dev.signet.identity;

import dev.signet.certificate.CertificateIdentity;

/** A verified identity, as its issuer type reads it from a token. */
public interface Principal {

    /** The string the client signs as proof of possession (Fulcio's "name": the email, or {@code sub}). */
    String name();

    /** The SAN and Sigstore extensions this identity puts into its certificate. */
    CertificateIdentity embed();
}
