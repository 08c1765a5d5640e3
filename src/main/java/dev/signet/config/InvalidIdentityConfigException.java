package dev.signet.config;

/** The identity file cannot be used; the message names the file and the issuer at fault. */
public class InvalidIdentityConfigException extends RuntimeException {
    public InvalidIdentityConfigException(String message) {
        super(message);
    }

    public InvalidIdentityConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
