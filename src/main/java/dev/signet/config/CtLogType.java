package dev.signet.config;

/** Which transparency log Signet submits certificates to, by its configuration name. */
public enum CtLogType {
    /** The in-process static-ct-api log on local disk. */
    EMBEDDED,
    /** An external RFC 6962 log (TesseraCT, Trillian CTFE, Sunlight) reached over HTTP. */
    REMOTE,
    /** No log: certificates carry no SCT. For tests and trying Signet only. */
    NONE
}
