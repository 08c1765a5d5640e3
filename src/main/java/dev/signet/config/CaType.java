package dev.signet.config;

/** The certificate authority backends, by their configuration names. */
public enum CaType {
    /** PEM chain and encrypted private key on disk; generated under the data directory if unset. */
    FILE,
    /** The key in an HSM, reached through the JDK's SunPKCS11 provider; the chain from the token or a file. */
    PKCS11,
    /** The key in a cloud KMS (AWS KMS, Google Cloud KMS, HashiCorp Vault Transit); the chain from a file. */
    KMS,
    /** In-memory key and self-signed root, lost on restart; for tests and trying Signet only. */
    EPHEMERAL
}
