package dev.signet.challenge;

import java.security.PublicKey;

/** A client key that passed parsing, key policy, the allow-list and the proof. */
public record VerifiedKey(PublicKey publicKey, SigningAlgorithm algorithm) {
}
