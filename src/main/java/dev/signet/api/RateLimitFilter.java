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
 * The per-address rate limits, before routing and before the body or token is read: one on
 * {@code POST /api/v1/signingCert} and {@code /api/v2/signingCert}, another on the embedded log's
 * {@code POST /log/ct/v1/add-chain} and {@code add-pre-chain}. Other routes are never limited.
 */
public class RateLimitFilter {
    private static final Set<String> CERTIFICATE_PATHS = Set.of("/api/v1/signingCert", "/api/v2/signingCert");
    private static final Set<String> LOG_SUBMISSION_PATHS = Set.of("/log/ct/v1/add-chain", "/log/ct/v1/add-pre-chain");

    private final RateLimits limits;

    public RateLimitFilter(RateLimits limits) {
        this.limits = limits;
    }

    @ServerRequestFilter(preMatching = true)
    public void limitByAddress(ContainerRequestContext context, HttpServerRequest request) {
        if (!limits.enabled() || !"POST".equals(context.getMethod())) {
            return;
        }
        String path = path(context);
        boolean certificate = CERTIFICATE_PATHS.contains(path);
        if (!certificate && !LOG_SUBMISSION_PATHS.contains(path)) {
            return;
        }
        List<String> forwarded = request.headers().getAll("X-Forwarded-For");
        InetAddress peer = peer(request.remoteAddress());
        String forwardedFor = forwarded.isEmpty() ? null : String.join(",", forwarded);
        if (certificate) {
            limits.checkAddress(peer, forwardedFor);
        } else {
            limits.checkLogSubmission(peer, forwardedFor);
        }
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
