package dev.signet.error;

/**
 * A failure with its {@link ErrorKind}. The message is for operators' logs only and is never
 * sent to a client; the client sees {@link ErrorKind#clientMessage()}.
 */
public class SignetException extends RuntimeException {
    private final ErrorKind kind;

    public SignetException(ErrorKind kind, String logDetail) {
        super(logDetail);
        this.kind = kind;
    }

    public SignetException(ErrorKind kind, String logDetail, Throwable cause) {
        super(logDetail, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
