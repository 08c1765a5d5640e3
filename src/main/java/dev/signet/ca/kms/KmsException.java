package dev.signet.ca.kms;

/**
 * A KMS call that failed: the service refused it (access denied, key disabled, wrong key type),
 * throttled it beyond the retries, or did not answer in time. The message names the service's
 * error code and never holds a credential.
 */
public final class KmsException extends RuntimeException {

    private final boolean retryable;

    public KmsException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public KmsException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    /** Whether the service said the same call may succeed if made again (throttling, unavailable). */
    public boolean retryable() {
        return retryable;
    }
}
