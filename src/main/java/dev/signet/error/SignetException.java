package dev.signet.error;

/**
 * A failure with its {@link ErrorKind}. The message is for operators' logs only and is never
 * sent to a client; the client sees {@link ErrorKind#clientMessage()}.
 */
public class SignetException extends RuntimeException {
    private final ErrorKind kind;
    private final String clientDetail;

    public SignetException(ErrorKind kind, String logDetail) {
        super(logDetail);
        this.kind = kind;
        this.clientDetail = null;
    }

    /**
     * A failure whose client message carries one more, operator-chosen phrase (such as the name of
     * the policy rule that failed). Never pass anything that came from the request.
     */
    public SignetException(ErrorKind kind, String logDetail, String clientDetail) {
        super(logDetail);
        this.kind = kind;
        this.clientDetail = clientDetail;
    }

    public SignetException(ErrorKind kind, String logDetail, Throwable cause) {
        super(logDetail, cause);
        this.kind = kind;
        this.clientDetail = null;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** What the client is told: the kind's fixed message, plus the operator-chosen detail if any. */
    public String clientMessage() {
        return clientDetail == null ? kind.clientMessage() : kind.clientMessage() + ": " + clientDetail;
    }
}
