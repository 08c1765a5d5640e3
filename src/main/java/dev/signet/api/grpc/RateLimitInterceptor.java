package dev.signet.api.grpc;

import dev.signet.error.ErrorKind;
import dev.signet.ratelimit.RateLimitedException;
import dev.signet.ratelimit.RateLimits;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.jboss.logging.Logger;

/**
 * The per-address rate limit on gRPC {@code CreateSigningCertificate} (v2 and v1beta), before the
 * request message or its token is read: RESOURCE_EXHAUSTED with a {@code retry-after} trailer in
 * seconds. Other methods are never limited.
 */
@GlobalInterceptor
@ApplicationScoped
public class RateLimitInterceptor implements ServerInterceptor {
    private static final Logger LOG = Logger.getLogger(RateLimitInterceptor.class);
    private static final String LIMITED_METHOD = "CreateSigningCertificate";
    private static final Metadata.Key<String> FORWARDED_FOR =
            Metadata.Key.of("x-forwarded-for", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private final RateLimits limits;

    public RateLimitInterceptor(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (limits.enabled() && LIMITED_METHOD.equals(call.getMethodDescriptor().getBareMethodName())) {
            try {
                limits.checkAddress(peer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)),
                        joined(headers.getAll(FORWARDED_FOR)));
            } catch (RateLimitedException e) {
                LOG.debugf("gRPC %s: %s", e.kind(), e.getMessage());
                Metadata trailers = new Metadata();
                trailers.put(RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
                call.close(Status.fromCodeValue(ErrorKind.RATE_LIMITED.grpcCode().number())
                        .withDescription(ErrorKind.RATE_LIMITED.clientMessage()), trailers);
                return new ServerCall.Listener<>() {
                };
            }
        }
        return next.startCall(call, headers);
    }

    private static java.net.InetAddress peer(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private static String joined(Iterable<String> values) {
        if (values == null) {
            return null;
        }
        return String.join(",", values);
    }
}
