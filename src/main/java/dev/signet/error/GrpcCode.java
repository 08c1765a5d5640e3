package dev.signet.error;

/** The gRPC status codes Signet answers with, by their wire numbers. */
public enum GrpcCode {
    UNKNOWN(2),
    INVALID_ARGUMENT(3),
    NOT_FOUND(5),
    PERMISSION_DENIED(7),
    RESOURCE_EXHAUSTED(8),
    UNIMPLEMENTED(12),
    INTERNAL(13),
    UNAVAILABLE(14);

    private final int number;

    GrpcCode(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
