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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /**
     * The counters of each method, made on its first call: looking a counter up in the registry by
     * name and tags costs a few microseconds, four times a call. Bounded like the labels: interceptors
     * only see the methods of registered services.
     */
    private final Map<String, MethodCounters> methods = new ConcurrentHashMap<>();

    public GrpcServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        MethodCounters counters =
                methods.computeIfAbsent(method.getFullMethodName(), name -> new MethodCounters(method));
        counters.started.increment();
        AtomicBoolean handled = new AtomicBoolean();
        ServerCall<Q, R> counting = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(R message) {
                counters.sent.increment();
                super.sendMessage(message);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                if (handled.compareAndSet(false, true)) {
                    counters.handled(status.getCode()).increment();
                }
                super.close(status, trailers);
            }
        };
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                next.startCall(counting, headers)) {
            @Override
            public void onMessage(Q message) {
                counters.received.increment();
                super.onMessage(message);
            }

            @Override
            public void onCancel() {
                // The client went away before an answer: Fulcio's handler would end with Canceled.
                if (handled.compareAndSet(false, true)) {
                    counters.handled(Status.Code.CANCELLED).increment();
                }
                super.onCancel();
            }
        };
    }

    /** One method's series; {@code grpc_server_handled_total} per status code as codes occur. */
    private final class MethodCounters {
        private final Tags tags;
        private final Counter started;
        private final Counter sent;
        private final Counter received;
        private final Map<Status.Code, Counter> handled = new ConcurrentHashMap<>();

        MethodCounters(MethodDescriptor<?, ?> method) {
            tags = Tags.of("grpc_service", method.getServiceName(), "grpc_method", method.getBareMethodName(),
                    "grpc_type", type(method.getType()));
            started = counter("grpc.server.started", "RPCs started on the server", tags);
            sent = counter("grpc.server.msg.sent", "gRPC stream messages sent by the server", tags);
            received = counter("grpc.server.msg.received", "RPC stream messages received on the server", tags);
        }

        Counter handled(Status.Code code) {
            return handled.computeIfAbsent(code, ignored -> counter("grpc.server.handled",
                    "RPCs completed on the server, regardless of success or failure",
                    tags.and("grpc_code", goName(code))));
        }
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
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
