package dev.signet.api;

/**
 * The v1beta {@code CreateSigningCertificateRequest}: base64 of the PEM key in
 * {@code publicKey.content}, base64 of the signature in {@code signedEmailAddress}, or base64 of a
 * PEM CSR. The token travels only in the {@code Authorization} header.
 *
 * @param publicKey                 the key
 * @param signedEmailAddress        base64 of the proof of possession
 * @param certificateSigningRequest base64 of a PEM PKCS#10 request
 */
public record LegacySigningCertificateRequest(
        PublicKey publicKey, String signedEmailAddress, String certificateSigningRequest) {

    /** {@code PublicKey}: {@code content} is base64 of the PEM or DER key; {@code algorithm} is ignored. */
    public record PublicKey(String algorithm, String content) {
    }
}
