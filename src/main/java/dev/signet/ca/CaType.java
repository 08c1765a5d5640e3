package dev.signet.ca;

/** The certificate authority backends, by their configuration names. */
public enum CaType {
    /** PEM chain and encrypted private key on disk; generated under the data directory if unset. */
    FILE,
    /** In-memory key and self-signed root, lost on restart; for tests and trying Signet only. */
    EPHEMERAL
}
