package dev.signet.api.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The metadata a service reads or adds, through the call's {@link Context}: the request's
 * {@code authorization} value (the token fallback for v2, the only token source for v1beta) and
 * extra response headers (the v1beta detached {@code sct}).
 */
@GlobalInterceptor
@ApplicationScoped
public class CallMetadata implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> REQUEST_AUTHORIZATION = Context.key("signet-authorization");
    private static final Context.Key<Metadata> RESPONSE_HEADERS = Context.key("signet-response-headers");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Metadata extra = new Metadata();
        Context context = Context.current()
                .withValue(REQUEST_AUTHORIZATION, headers.get(AUTHORIZATION))
                .withValue(RESPONSE_HEADERS, extra);
        ServerCall<Q, R> withExtraHeaders = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                synchronized (extra) {
                    responseHeaders.merge(extra);
                }
                super.sendHeaders(responseHeaders);
            }
        };
        return Contexts.interceptCall(context, withExtraHeaders, headers, next);
    }

    /** The current call's {@code authorization} value, or null. */
    static String authorization() {
        return REQUEST_AUTHORIZATION.get();
    }

    /** Adds a header to the current call's response; call before the response is sent. */
    static void addResponseHeader(Metadata.Key<String> key, String value) {
        Metadata extra = RESPONSE_HEADERS.get();
        if (extra == null) {
            throw new IllegalStateException("not inside a gRPC call");
        }
        synchronized (extra) {
            extra.put(key, value);
        }
    }
}
