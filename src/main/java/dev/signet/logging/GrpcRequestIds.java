package dev.signet.logging;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.smallrye.common.vertx.VertxContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.jboss.logging.MDC;

/**
 * The request ID of a gRPC call, for every listener callback (which may run on another thread than
 * the one that received the call). On the shared HTTP port {@link RequestIdFilter} has already
 * accepted or replaced the {@code x-request-id} metadata and set the response header; on a separate
 * gRPC server this interceptor does both.
 */
@GlobalInterceptor
@ApplicationScoped
public class GrpcRequestIds implements ServerInterceptor {
    static final Metadata.Key<String> KEY = Metadata.Key.of(RequestIds.HEADER, Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String received = headers.get(KEY);
        String id = RequestIds.acceptOrGenerate(received);
        // Not seen by RequestIdFilter (a separate gRPC server): answer with the ID ourselves.
        ServerCall<Q, R> answering = id.equals(received) ? call : answeringWith(call, id);
        ServerCall.Listener<Q> listener = withId(id, () -> next.startCall(answering, headers));
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                withId(id, () -> {
                    super.onMessage(message);
                    return null;
                });
            }

            @Override
            public void onHalfClose() {
                withId(id, () -> {
                    super.onHalfClose();
                    return null;
                });
            }

            @Override
            public void onCancel() {
                withId(id, () -> {
                    super.onCancel();
                    return null;
                });
            }

            @Override
            public void onComplete() {
                withId(id, () -> {
                    super.onComplete();
                    return null;
                });
            }

            @Override
            public void onReady() {
                withId(id, () -> {
                    super.onReady();
                    return null;
                });
            }
        };
    }

    private static <Q, R> ServerCall<Q, R> answeringWith(ServerCall<Q, R> call, String id) {
        return new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                responseHeaders.removeAll(KEY);
                responseHeaders.put(KEY, id);
                super.sendHeaders(responseHeaders);
            }
        };
    }

    private static <T> T withId(String id, Supplier<T> action) {
        if (VertxContext.isOnDuplicatedContext()) {
            // The MDC lives in this call's own context, which blocking work also runs on: set, never restore.
            MDC.put(RequestIds.MDC_KEY, id);
            return action.get();
        }
        Object previous = MDC.get(RequestIds.MDC_KEY);
        MDC.put(RequestIds.MDC_KEY, id);
        try {
            return action.get();
        } finally {
            if (previous == null) {
                MDC.remove(RequestIds.MDC_KEY);
            } else {
                MDC.put(RequestIds.MDC_KEY, previous);
            }
        }
    }
}
