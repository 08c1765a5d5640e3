package dev.signet.challenge;

/** The kinds of client key Signet accepts at all. */
enum KeyFamily {
    EC,
    RSA,
    ED25519
}
