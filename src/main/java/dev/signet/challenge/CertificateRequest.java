package dev.signet.challenge;

/**
 * A PEM PKCS#10 request ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST"); raw DER is rejected. Its
 * self-signature is the proof; only its public key is used.
 */
public record CertificateRequest(byte[] pem) implements KeyProof {
}
