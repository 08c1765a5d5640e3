package dev.signet.api;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.ratelimit.RateLimitedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders every failure as Fulcio's gateway does: the status and gRPC code of its {@link ErrorKind}
 * and the kind's fixed message. Causes are logged (WARN for client errors, ERROR for server
 * errors), never returned.
 */
public class ErrorMapper {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    /** Seconds a client should wait after a 503 (or a 429 without its own figure) before retrying. */
    static final String RETRY_AFTER_SECONDS = "5";
    /** The message of the exception Quarkus' body reader throws past the size cap. */
    static final String BODY_TOO_LARGE = "Request too large";

    @ServerExceptionMapper
    public Response signet(SignetException e) {
        ErrorKind kind = e.kind();
        if (e instanceof RateLimitedException limited) {
            // Not WARN: a client flooding us must not flood the log too.
            LOG.debugf("%s: %s", kind, e.getMessage());
            return render(kind, e.clientMessage(), Long.toString(limited.retryAfterSeconds()));
        }
        if (kind.isClientError()) {
            LOG.warnf("%s: %s", kind, e.getMessage());
        } else {
            LOG.errorf(e, "%s: %s", kind, e.getMessage());
        }
        return render(kind, e.clientMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e instanceof NotFoundException) {
            return render(ErrorKind.NOT_FOUND);
        }
        if (e instanceof NotAllowedException) {
            return render(ErrorKind.METHOD_NOT_ALLOWED);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 413) {
            return render(ErrorKind.PAYLOAD_TOO_LARGE);
        }
        if (status >= 400 && status < 500) {
            LOG.warnf("request refused by the HTTP layer: %d", status);
            return render(ErrorKind.INVALID_REQUEST);
        }
        LOG.error("unexpected HTTP layer failure", e);
        return render(ErrorKind.INTERNAL);
    }

    /**
     * Quarkus' reader of a chunked body throws this once the body passes the size cap, after it has
     * itself answered 413 (with an empty body) and asked for the connection to close. A client error,
     * not a server fault; and nothing more may be written (null: no response of ours).
     */
    @ServerExceptionMapper
    public Response io(IOException e, HttpServerRequest request) {
        if (BODY_TOO_LARGE.equals(e.getMessage())) {
            LOG.warnf("%s: a chunked body passed the size cap", ErrorKind.PAYLOAD_TOO_LARGE);
            return request != null && request.response().ended() ? null : render(ErrorKind.PAYLOAD_TOO_LARGE);
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected failure", e);
        return render(ErrorKind.INTERNAL);
    }

    static Response render(ErrorKind kind) {
        return render(kind, kind.clientMessage());
    }

    private static Response render(ErrorKind kind, String message) {
        return render(kind, message, RETRY_AFTER_SECONDS);
    }

    private static Response render(ErrorKind kind, String message, String retryAfterSeconds) {
        Response.ResponseBuilder response = Response.status(kind.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(kind.grpcCode().number(), message, List.of()));
        if (kind.httpStatus() == 503 || kind.httpStatus() == 429) {
            response.header("Retry-After", retryAfterSeconds);
        }
        return response.build();
    }
}
