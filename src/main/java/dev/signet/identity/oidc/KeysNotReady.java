package dev.signet.identity.oidc;

/**
 * Thrown by a verification that may not wait when the issuer's keys must be fetched (or a fetch is
 * in flight): the caller retries on a thread that may wait. A signal, not a failure, so it carries
 * no stack trace and is never shown to a client.
 */
final class KeysNotReady extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final KeysNotReady INSTANCE = new KeysNotReady();

    private KeysNotReady() {
        super("identity provider keys are not ready", null, false, false);
    }
}
