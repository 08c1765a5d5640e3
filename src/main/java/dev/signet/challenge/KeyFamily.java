package dev.signet.challenge;

/** The kinds of client key Signet accepts at all. */
enum KeyFamily {
    EC,
    RSA,
    ED25519,
    /** ML-DSA (FIPS 204), pure, in any of its three parameter sets. */
    ML_DSA
}
