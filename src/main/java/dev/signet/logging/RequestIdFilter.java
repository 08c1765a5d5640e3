package dev.signet.logging;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Gives every request on the HTTP port (REST and gRPC alike) a request ID before any other
 * handler runs: taken from {@code x-request-id} or generated ({@link RequestIds}), written back on
 * the request so later handlers read the accepted value, returned in the response header, and put
 * in the logging MDC. Quarkus keeps the MDC in the request's Vert.x context, so the ID follows the
 * request onto worker threads.
 */
@ApplicationScoped
public class RequestIdFilter {
    // Before Quarkus' own handlers (body, auth, REST, gRPC), which use orders from about -2^31/2 upward.
    static final int ORDER = Integer.MIN_VALUE + 100;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(RequestIdFilter::tag);
    }

    static void tag(RoutingContext context) {
        String id = RequestIds.acceptOrGenerate(context.request().getHeader(RequestIds.HEADER));
        context.request().headers().set(RequestIds.HEADER, id);
        context.response().headers().set(RequestIds.HEADER, id);
        MDC.put(RequestIds.MDC_KEY, id);
        context.addEndHandler(ignored -> MDC.remove(RequestIds.MDC_KEY));
        context.next();
    }
}
