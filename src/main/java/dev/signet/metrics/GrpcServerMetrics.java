package dev.signet.metrics;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gRPC server series of go-grpc-prometheus, which Fulcio's dashboards query:
 * {@code grpc_server_started_total}, {@code grpc_server_handled_total} (with {@code grpc_code}),
 * {@code grpc_server_msg_received_total} and {@code grpc_server_msg_sent_total}, labelled
 * {@code grpc_service}, {@code grpc_method} and {@code grpc_type}. Interceptors only see the
 * methods of registered services, so the labels are bounded by the services Signet serves.
 */
@GlobalInterceptor
@ApplicationScoped
public class GrpcServerMetrics implements ServerInterceptor {
    private final MeterRegistry registry;

    public GrpcServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        Tags tags = Tags.of("grpc_service", method.getServiceName(), "grpc_method", method.getBareMethodName(),
                "grpc_type", type(method.getType()));
        count("grpc.server.started", "RPCs started on the server", tags);
        AtomicBoolean handled = new AtomicBoolean();
        ServerCall<Q, R> counting = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(R message) {
                count("grpc.server.msg.sent", "gRPC stream messages sent by the server", tags);
                super.sendMessage(message);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                if (handled.compareAndSet(false, true)) {
                    handled(tags, status.getCode());
                }
                super.close(status, trailers);
            }
        };
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                next.startCall(counting, headers)) {
            @Override
            public void onMessage(Q message) {
                count("grpc.server.msg.received", "RPC stream messages received on the server", tags);
                super.onMessage(message);
            }

            @Override
            public void onCancel() {
                // The client went away before an answer: Fulcio's handler would end with Canceled.
                if (handled.compareAndSet(false, true)) {
                    handled(tags, Status.Code.CANCELLED);
                }
                super.onCancel();
            }
        };
    }

    private void handled(Tags tags, Status.Code code) {
        count("grpc.server.handled", "RPCs completed on the server, regardless of success or failure",
                tags.and("grpc_code", goName(code)));
    }

    private void count(String name, String description, Tags tags) {
        Counter.builder(name).description(description).tags(tags).register(registry).increment();
    }

    /** go-grpc-prometheus' names of the call types. */
    static String type(MethodDescriptor.MethodType type) {
        return switch (type) {
            case UNARY -> "unary";
            case CLIENT_STREAMING -> "client_stream";
            case SERVER_STREAMING -> "server_stream";
            case BIDI_STREAMING -> "bidi_stream";
            case UNKNOWN -> "unknown";
        };
    }

    /** A status code as Go's {@code codes.Code.String()} writes it: {@code InvalidArgument}, {@code Canceled}. */
    static String goName(Status.Code code) {
        if (code == Status.Code.OK) {
            return "OK";
        }
        if (code == Status.Code.CANCELLED) {
            return "Canceled";
        }
        StringBuilder name = new StringBuilder();
        for (String word : code.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return name.toString();
    }
}
