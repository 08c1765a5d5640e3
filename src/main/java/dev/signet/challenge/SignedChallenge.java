package dev.signet.challenge;

/**
 * A public key plus a signature over the challenge string. publicKey: PEM text bytes ("PUBLIC KEY" PKIX or
 * "RSA PUBLIC KEY" PKCS#1), or raw DER PKIX if not PEM.
 */
public record SignedChallenge(byte[] publicKey, byte[] signature) implements KeyProof {
}
