package dev.signet.challenge;

/** What the client sent to prove it holds the private key. */
public sealed interface KeyProof permits SignedChallenge, CertificateRequest {
}
