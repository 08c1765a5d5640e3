package dev.signet.api.grpc;

import dev.signet.api.SigningCertificates;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The metadata a service reads or adds, through the call's {@link Context}: the request's token
 * metadata ({@code oidcidentitytoken}, the key Fulcio's gRPC servers read, and {@code authorization})
 * and extra response headers (the v1beta detached SCT).
 */
@GlobalInterceptor
@ApplicationScoped
public class CallMetadata implements ServerInterceptor {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** Fulcio's key: the bare token, no {@code Bearer} scheme. */
    private static final Metadata.Key<String> OIDC_IDENTITY_TOKEN =
            Metadata.Key.of("oidcidentitytoken", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> REQUEST_AUTHORIZATION = Context.key("signet-authorization");
    private static final Context.Key<List<String>> REQUEST_OIDC_IDENTITY_TOKENS = Context.key("signet-oidc-tokens");
    private static final Context.Key<Metadata> RESPONSE_HEADERS = Context.key("signet-response-headers");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Metadata extra = new Metadata();
        Context context = Context.current()
                .withValue(REQUEST_AUTHORIZATION, headers.get(AUTHORIZATION))
                .withValue(REQUEST_OIDC_IDENTITY_TOKENS, valuesOf(headers, OIDC_IDENTITY_TOKEN))
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

    /**
     * The current call's identity token, found as Fulcio's gRPC servers find it: the request's own
     * token field when set; else the {@code oidcidentitytoken} metadata, which Fulcio takes only when
     * sent exactly once (a repeated key leaves Fulcio without a token, so it is refused here too, even
     * beside {@code authorization}); else, as Signet has always accepted, {@code authorization: Bearer}.
     *
     * @param fromRequest the request message's token field, or null where the message has none (v1beta)
     */
    static String token(String fromRequest) {
        if (fromRequest != null && !fromRequest.isEmpty()) {
            return fromRequest;
        }
        List<String> sent = REQUEST_OIDC_IDENTITY_TOKENS.get();
        if (sent.size() > 1) {
            throw new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN,
                    "oidcidentitytoken metadata sent more than once");
        }
        if (sent.size() == 1 && !sent.get(0).isEmpty()) {
            return sent.get(0);
        }
        return SigningCertificates.token(null, REQUEST_AUTHORIZATION.get());
    }

    private static List<String> valuesOf(Metadata headers, Metadata.Key<String> key) {
        List<String> values = new ArrayList<>();
        Iterable<String> all = headers.getAll(key);
        if (all != null) {
            all.forEach(values::add);
        }
        return List.copyOf(values);
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
