package dev.signet.api.grpc;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.jboss.logging.Logger;

/**
 * The gRPC face of the one error table: a {@link SignetException} becomes its kind's gRPC code with
 * the same fixed client message REST sends; anything else is INTERNAL "internal error". Causes are
 * logged (WARN for client errors, ERROR for server errors), never sent.
 */
final class GrpcErrors {
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable failure) {
        if (failure instanceof SignetException e) {
            ErrorKind kind = e.kind();
            if (kind.isClientError()) {
                LOG.warnf("gRPC %s: %s", kind, e.getMessage());
            } else {
                LOG.errorf(e, "gRPC %s: %s", kind, e.getMessage());
            }
            return status(kind, e.clientMessage());
        }
        LOG.error("unexpected gRPC failure", failure);
        return status(ErrorKind.INTERNAL, ErrorKind.INTERNAL.clientMessage());
    }

    private static StatusRuntimeException status(ErrorKind kind, String message) {
        return Status.fromCodeValue(kind.grpcCode().number()).withDescription(message).asRuntimeException();
    }
}
