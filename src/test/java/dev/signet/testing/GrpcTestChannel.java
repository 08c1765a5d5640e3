package dev.signet.testing;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.restassured.RestAssured;
import java.util.concurrent.TimeUnit;

/**
 * A plaintext (h2c, prior knowledge) gRPC channel to the HTTP port of the running {@code @QuarkusTest}
 * application: the same port the REST API answers on.
 */
public final class GrpcTestChannel implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** Fulcio's own gRPC metadata key for the identity token (no {@code Bearer} prefix). */
    private static final Metadata.Key<String> OIDC_IDENTITY_TOKEN =
            Metadata.Key.of("oidcidentitytoken", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;

    private GrpcTestChannel(ManagedChannel channel) {
        this.channel = channel;
    }

    /** Opens a channel to the HTTP test port; call from a test method, once Quarkus has started. */
    public static GrpcTestChannel open() {
        return new GrpcTestChannel(ManagedChannelBuilder.forAddress("127.0.0.1", RestAssured.port)
                .usePlaintext()
                .maxInboundMessageSize(16 * 1024 * 1024)
                .build());
    }

    public ManagedChannel channel() {
        return channel;
    }

    /** The stub sending {@code authorization: Bearer <token>} with every call. */
    public static <S extends AbstractStub<S>> S withBearer(S stub, String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** The stub sending each of {@code tokens} as an {@code oidcidentitytoken} value, as Fulcio's clients do. */
    public static <S extends AbstractStub<S>> S withOidcIdentityToken(S stub, String... tokens) {
        Metadata headers = new Metadata();
        for (String token : tokens) {
            headers.put(OIDC_IDENTITY_TOKEN, token);
        }
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
