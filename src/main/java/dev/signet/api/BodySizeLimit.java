package dev.signet.api;

import dev.signet.error.ErrorKind;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses a request whose announced body is over {@code quarkus.http.limits.max-body-size} with
 * 413 and the error table's JSON body, before a byte of the body is read. A chunked body is left to
 * Quarkus' reader, which counts it as it arrives, after the rate limit (see {@link ErrorMapper}).
 *
 * <p>Quarkus' own check (which stays in place behind this one) answers with an empty body and
 * closes the connection at once, so a client still writing its body gets a reset instead of the
 * answer. Here the connection lingers: the rest of the body is
 * read and dropped, up to a bound in bytes and in time, and only then is the connection closed,
 * so the client can read the 413.
 */
@ApplicationScoped
public class BodySizeLimit {
    private static final Logger LOG = Logger.getLogger(BodySizeLimit.class);
    /** How long a refused client may go on sending before the connection is closed under it. */
    static final Duration LINGER = Duration.ofSeconds(2);
    /** How much of a refused body is read and dropped at most; beyond it, the connection closes. */
    static final long LINGER_BYTES = 16L * 1024 * 1024;
    private static final String BODY = new JsonObject()
            .put("code", ErrorKind.PAYLOAD_TOO_LARGE.grpcCode().number())
            .put("message", ErrorKind.PAYLOAD_TOO_LARGE.clientMessage())
            .put("details", new JsonArray())
            .encode();

    private final long maxBodyBytes;
    private final Vertx vertx;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            Vertx vertx) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        // Just before Quarkus' own upload limit handler.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith("application/grpc")) {
            // gRPC has its own message cap and its own status codes.
            context.next();
            return;
        }
        String contentLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength != null) {
            if (tooLarge(contentLength)) {
                LOG.warnf("%s: announced body of %s bytes on %s", ErrorKind.PAYLOAD_TOO_LARGE, contentLength,
                        request.path());
                refuse(context);
            } else {
                context.next();
            }
        } else {
            context.next();
        }
    }

    private void refuse(RoutingContext context) {
        HttpServerRequest request = context.request();
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        context.response().setStatusCode(ErrorKind.PAYLOAD_TOO_LARGE.httpStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (http1) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        context.response().end(BODY);
        if (http1) {
            lingerThenClose(request);
        }
    }

    boolean tooLarge(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            // Not a length this handler can judge: the HTTP codec and Quarkus' own handlers decide.
            return false;
        }
    }

    /** Drops what the client goes on sending, then closes: at the body's end, the byte bound or the time bound. */
    private void lingerThenClose(HttpServerRequest request) {
        AtomicLong dropped = new AtomicLong();
        long timer = vertx.setTimer(LINGER.toMillis(), ignored -> request.connection().close());
        request.handler(chunk -> {
            if (dropped.addAndGet(chunk.length()) > LINGER_BYTES) {
                vertx.cancelTimer(timer);
                request.connection().close();
            }
        });
        request.endHandler(ignored -> {
            vertx.cancelTimer(timer);
            request.connection().close();
        });
        request.exceptionHandler(ignored -> vertx.cancelTimer(timer));
        request.resume();
    }
}
