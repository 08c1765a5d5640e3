package dev.signet.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fulcio's HTTP series for every REST request on the API port (gRPC calls, which share the port,
 * are counted by {@link GrpcServerMetrics} as on Fulcio's gRPC port): {@code fulcio_api_latency}, a
 * histogram in seconds with Prometheus' default buckets, and {@code http_requests_total}, both
 * labelled {@code code} (the HTTP status) and {@code method} (the lower-case verb, as Go's
 * promhttp writes it). The method goes through {@link HttpServerLabels#methodLabel} first, so a
 * client's invented verb is {@code other}, and statuses are three digits: both labels stay bounded.
 */
@ApplicationScoped
public class FulcioHttpMetrics {
    /** Prometheus' default histogram buckets (client_golang's DefBuckets), in seconds. */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    // Right after the request ID is set, before Quarkus' body, auth, REST and gRPC handlers.
    private static final int ORDER = Integer.MIN_VALUE + 101;

    private final MeterRegistry registry;
    private final Map<String, StatusMeters> byMethodAndStatus = new ConcurrentHashMap<>();

    public FulcioHttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::measure);
    }

    void measure(RoutingContext context) {
        String contentType = context.request().getHeader("content-type");
        if (contentType != null && contentType.startsWith("application/grpc")) {
            context.next();
            return;
        }
        long started = System.nanoTime();
        String method = HttpServerLabels.methodLabel(context.request().method().name()).toLowerCase(Locale.ROOT);
        context.addEndHandler(
                ignored -> record(method, context.response().getStatusCode(), System.nanoTime() - started));
        context.next();
    }

    void record(String method, int status, long nanos) {
        // Made once per method and status: a registry lookup by name and tags costs microseconds per call.
        // Bounded: methods are folded to a fixed set of labels, and statuses are the ones Signet answers with.
        StatusMeters meters = byMethodAndStatus.computeIfAbsent(method + ' ' + status,
                ignored -> new StatusMeters(method, Integer.toString(status)));
        meters.latency.record(nanos / 1e9);
        meters.requests.increment();
    }

    private final class StatusMeters {
        private final DistributionSummary latency;
        private final Counter requests;

        StatusMeters(String method, String code) {
            latency = DistributionSummary.builder("fulcio.api.latency")
                    .description("API Latency on calls (Fulcio's histogram, seconds)")
                    .tags("code", code, "method", method)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            requests = Counter.builder("http.requests")
                    .description("Count all HTTP requests (Fulcio's counter)")
                    .tags("code", code, "method", method)
                    .register(registry);
        }
    }
}
