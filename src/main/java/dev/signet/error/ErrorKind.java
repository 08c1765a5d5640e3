package dev.signet.error;

/**
 * The one table from a failure to its gRPC code, HTTP status and fixed client message.
 *
 * <p>Client messages are Fulcio's where Fulcio has one, so existing clients see familiar text.
 * Nothing else ever reaches a client: causes go to the log only.
 */
public enum ErrorKind {
    INVALID_IDENTITY_TOKEN(GrpcCode.INVALID_ARGUMENT, 400, "There was an error processing the identity token"),
    INVALID_SIGNATURE(GrpcCode.INVALID_ARGUMENT, 400, "The signature supplied in the request could not be verified"),
    INVALID_PUBLIC_KEY(GrpcCode.INVALID_ARGUMENT, 400, "The public key supplied in the request could not be parsed"),
    INVALID_CSR(GrpcCode.INVALID_ARGUMENT, 400, "The certificate signing request could not be parsed"),
    INSECURE_PUBLIC_KEY(GrpcCode.INVALID_ARGUMENT, 400, "The public key supplied in the request is insecure"),
    SIGNING_ALGORITHM_NOT_PERMITTED(GrpcCode.INVALID_ARGUMENT, 400,
            "The signing algorithm of the supplied key is not permitted by this CA"),
    INVALID_REQUEST(GrpcCode.INVALID_ARGUMENT, 400, "The request could not be parsed"),
    POLICY_DENIED(GrpcCode.PERMISSION_DENIED, 403,
            "The identity is not allowed a certificate by this CA's issuance policy"),
    RATE_LIMITED(GrpcCode.RESOURCE_EXHAUSTED, 429, "Too many requests; retry later"),
    PAYLOAD_TOO_LARGE(GrpcCode.RESOURCE_EXHAUSTED, 413, "The request is larger than this CA accepts"),
    NOT_FOUND(GrpcCode.NOT_FOUND, 404, "Not Found"),
    METHOD_NOT_ALLOWED(GrpcCode.UNIMPLEMENTED, 501, "Method Not Allowed"),
    IDENTITY_PROVIDER_UNAVAILABLE(GrpcCode.UNAVAILABLE, 503,
            "The identity provider could not be reached; retry later"),
    CA_BACKEND(GrpcCode.INTERNAL, 500, "error communicating with CA backend"),
    CERTIFICATE_LINT(GrpcCode.INTERNAL, 500, "The certificate failed the CA's pre-issuance checks"),
    CT_LOG(GrpcCode.INTERNAL, 500, "Error entering certificate in CTL"),
    LOG_BUSY(GrpcCode.UNAVAILABLE, 503, "The transparency log is busy; retry later"),
    LOG_UNAVAILABLE(GrpcCode.UNAVAILABLE, 503, "The transparency log is unavailable; retry later"),
    CA_BUSY(GrpcCode.UNAVAILABLE, 503, "The CA is busy; retry later"),
    LOG_REJECTED_CHAIN(GrpcCode.INVALID_ARGUMENT, 400, "The submitted chain is not accepted by this log"),
    LOG_SUBMISSIONS_CLOSED(GrpcCode.PERMISSION_DENIED, 403, "This log does not accept submissions"),
    TRUST_BUNDLE(GrpcCode.INTERNAL, 500, "error retrieving trust bundle from CA backend"),
    INTERNAL(GrpcCode.INTERNAL, 500, "internal error");

    private final GrpcCode grpcCode;
    private final int httpStatus;
    private final String clientMessage;

    ErrorKind(GrpcCode grpcCode, int httpStatus, String clientMessage) {
        this.grpcCode = grpcCode;
        this.httpStatus = httpStatus;
        this.clientMessage = clientMessage;
    }

    public GrpcCode grpcCode() {
        return grpcCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String clientMessage() {
        return clientMessage;
    }

    /** True when the client sent something wrong; false when Signet or a backend failed. */
    public boolean isClientError() {
        return httpStatus < 500;
    }
}
