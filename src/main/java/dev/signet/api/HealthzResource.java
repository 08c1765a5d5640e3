package dev.signet.api;

import dev.signet.health.OverallReadiness;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /healthz} on the API port, where Fulcio's HTTP server answers it and where Fulcio's
 * Kubernetes manifests and load-balancer health checks look: {@code {"status":"SERVING"}} (Fulcio's
 * body) with 200 when Signet is ready, {@code {"status":"NOT_SERVING"}} with 503 when not (Fulcio
 * always says SERVING). Nothing else: which check failed stays on the management port
 * ({@code /q/health/ready}), which is not meant to be public. A {@code service} parameter is
 * ignored, as by Fulcio. Never rate limited.
 */
@Path("/healthz")
public class HealthzResource {
    static final String SERVING = "{\"status\":\"SERVING\"}";
    static final String NOT_SERVING = "{\"status\":\"NOT_SERVING\"}";

    private final OverallReadiness readiness;

    public HealthzResource(OverallReadiness readiness) {
        this.readiness = readiness;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response healthz() {
        boolean ready = readiness.isReady();
        return Response.status(ready ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(ready ? SERVING : NOT_SERVING)
                .header("Cache-Control", "no-store")
                .build();
    }
}
