package dev.signet.api;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * The v2 {@code CreateSigningCertificateRequest} as Fulcio's JSON gateway reads it: camelCase or
 * the proto's snake_case names, unknown fields ignored, {@code bytes} fields in base64.
 *
 * @param credentials               the identity token
 * @param publicKeyRequest          a public key with a signed challenge
 * @param certificateSigningRequest base64 of a PEM PKCS#10 request
 */
public record CreateSigningCertificateRequest(
        Credentials credentials,
        @JsonAlias("public_key_request") PublicKeyRequest publicKeyRequest,
        @JsonAlias("certificate_signing_request") String certificateSigningRequest) {

    /** {@code Credentials}: the OIDC identity token. */
    public record Credentials(@JsonAlias("oidc_identity_token") String oidcIdentityToken) {
    }

    /** {@code PublicKeyRequest}: a key and base64 of its signature over the challenge. */
    public record PublicKeyRequest(
            @JsonAlias("public_key") PublicKey publicKey,
            @JsonAlias("proof_of_possession") String proofOfPossession) {
    }

    /** {@code PublicKey}: PEM text in {@code content}; {@code algorithm} is accepted and ignored, as by Fulcio. */
    public record PublicKey(Object algorithm, String content) {
    }
}
