package dev.signet.codec;

/** Input that is not the strict PEM or DER this package accepts; callers turn it into the right ErrorKind. */
public final class MalformedEncodingException extends Exception {
    public MalformedEncodingException(String message) {
        // No stack trace: hostile input is cheap to send and should be cheap to refuse.
        super(message, null, false, false);
    }
}
