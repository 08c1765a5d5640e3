package dev.signet.api;

import dev.signet.ratelimit.RateLimits;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The per-address rate limit on {@code POST /api/v1/signingCert} and {@code /api/v2/signingCert},
 * before routing and before the body or token is read. Other routes are never limited.
 */
public class RateLimitFilter {
    private static final Set<String> LIMITED_PATHS = Set.of("/api/v1/signingCert", "/api/v2/signingCert");

    private final RateLimits limits;

    public RateLimitFilter(RateLimits limits) {
        this.limits = limits;
    }

    @ServerRequestFilter(preMatching = true)
    public void limitByAddress(ContainerRequestContext context, HttpServerRequest request) {
        if (!limits.enabled() || !"POST".equals(context.getMethod()) || !LIMITED_PATHS.contains(path(context))) {
            return;
        }
        List<String> forwarded = request.headers().getAll("X-Forwarded-For");
        limits.checkAddress(peer(request.remoteAddress()), forwarded.isEmpty() ? null : String.join(",", forwarded));
    }

    private static String path(ContainerRequestContext context) {
        String path = context.getUriInfo().getPath();
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The TCP peer; Vert.x gives its address as a literal, so no name is ever resolved. */
    private static InetAddress peer(SocketAddress remote) {
        if (remote == null || remote.hostAddress() == null) {
            return null;
        }
        try {
            return InetAddress.getByName(remote.hostAddress());
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
