package dev.signet.ca.kms;

import com.google.cloud.kms.v1.AsymmetricSignRequest;
import com.google.cloud.kms.v1.AsymmetricSignResponse;
import com.google.cloud.kms.v1.CryptoKeyVersion.CryptoKeyVersionAlgorithm;
import com.google.cloud.kms.v1.GetPublicKeyRequest;
import com.google.cloud.kms.v1.ProtectionLevel;
import com.google.cloud.kms.v1.PublicKey;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import com.google.protobuf.Message;
import dev.signet.codec.Pem;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A loopback stand-in for Google Cloud KMS: the gRPC service {@code google.cloud.kms.v1.KeyManagementService}
 * with the two methods Signet calls, {@code GetPublicKey} and {@code AsymmetricSign}, as
 * cloud.google.com/kms/docs/reference/rpc/google.cloud.kms.v1 documents them (PEM public key with
 * {@code pem_crc32c}; a digest with {@code digest_crc32c}, answered with {@code signature_crc32c}
 * and {@code verified_digest_crc32c}), and the service's status codes for a quota exceeded
 * (RESOURCE_EXHAUSTED), a missing IAM permission (PERMISSION_DENIED), a disabled key version and a
 * key whose purpose is not signing (FAILED_PRECONDITION). The method descriptors are written here
 * from the documented names, because the generated stub artifact is not needed by Signet itself.
 * It speaks plaintext without credentials, as Signet does with a loopback endpoint; a request
 * without the client's {@code x-goog-request-params} routing header (so not from the official
 * client) counts as {@link #unauthenticated} and is refused.
 */
public final class GcpKmsGrpcServer extends FakeKmsServer {

    public static final String NAME = "projects/signet-test/locations/europe-west1/keyRings/signet/cryptoKeys/ca"
            + "/cryptoKeyVersions/1";
    private static final String SERVICE = "google.cloud.kms.v1.KeyManagementService";
    private static final Metadata.Key<String> ROUTING =
            Metadata.Key.of("x-goog-request-params", Metadata.ASCII_STRING_MARSHALLER);
    private static final MethodDescriptor<GetPublicKeyRequest, PublicKey> GET_PUBLIC_KEY =
            method("GetPublicKey", GetPublicKeyRequest.getDefaultInstance(), PublicKey.getDefaultInstance());
    private static final MethodDescriptor<AsymmetricSignRequest, AsymmetricSignResponse> ASYMMETRIC_SIGN =
            method("AsymmetricSign", AsymmetricSignRequest.getDefaultInstance(),
                    AsymmetricSignResponse.getDefaultInstance());

    private final Server server;

    public GcpKmsGrpcServer(String keyType) throws IOException {
        super(keyType, false);
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(GET_PUBLIC_KEY, ServerCalls.asyncUnaryCall(this::getPublicKey))
                .addMethod(ASYMMETRIC_SIGN, ServerCalls.asyncUnaryCall(this::asymmetricSign))
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .executor(executor)
                .addService(ServerInterceptors.intercept(service, new RoutingHeaderCheck()))
                .build()
                .start();
    }

    private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(String name, Q request,
            R response) {
        return MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
    }

    /** The official client names the resource in a routing header on every call. */
    private final class RoutingHeaderCheck implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            String routing = headers.get(ROUTING);
            if (routing == null || !routing.startsWith("name=")) {
                unauthenticated.incrementAndGet();
                call.close(Status.UNAUTHENTICATED.withDescription("not a Cloud KMS client request"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            return Contexts.interceptCall(Context.current(), call, headers, next);
        }
    }

    @Override
    public String reference() {
        return "gcpkms://" + NAME;
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    KmsSettings settings(Path chain, Duration timeout) {
        return settings(url(), chain, timeout, 16);
    }

    /** Settings for a stand-in at {@code url}, in this process or another. */
    static KmsSettings settings(String url, Path chain, Duration timeout, int maxInFlight) {
        return new KmsSettings(KmsKeyReference.parse("gcpkms://" + NAME), Optional.ofNullable(chain), timeout,
                maxInFlight, Optional.of(URI.create(url)), Optional.empty(), Optional.empty(), "transit",
                name -> null);
    }

    private CryptoKeyVersionAlgorithm algorithm() {
        if (notForSigning) {
            // A decryption key (RSA), or an EC algorithm Signet does not sign certificates with.
            return keyType().equals("RSA") ? CryptoKeyVersionAlgorithm.RSA_DECRYPT_OAEP_2048_SHA256
                    : CryptoKeyVersionAlgorithm.EC_SIGN_SECP256K1_SHA256;
        }
        return switch (keyType()) {
            case "P-256" -> CryptoKeyVersionAlgorithm.EC_SIGN_P256_SHA256;
            case "P-384" -> CryptoKeyVersionAlgorithm.EC_SIGN_P384_SHA384;
            default -> CryptoKeyVersionAlgorithm.RSA_SIGN_PKCS1_2048_SHA256;
        };
    }

    private static long crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    private void getPublicKey(GetPublicKeyRequest request, StreamObserver<PublicKey> answer) {
        if (!NAME.equals(request.getName())) {
            answer.onError(Status.NOT_FOUND.withDescription(request.getName() + " not found.").asRuntimeException());
            return;
        }
        String pem = Pem.encode("PUBLIC KEY", publicKey().getEncoded());
        answer.onNext(PublicKey.newBuilder()
                .setName(NAME)
                .setPem(pem)
                .setPemCrc32C(Int64Value.of(crc32c(pem.getBytes(StandardCharsets.UTF_8))))
                .setAlgorithm(algorithm())
                .setProtectionLevel(ProtectionLevel.HSM)
                .build());
        answer.onCompleted();
    }

    private void asymmetricSign(AsymmetricSignRequest request, StreamObserver<AsymmetricSignResponse> answer) {
        signCalls.incrementAndGet();
        Status refusal = switch (mode) {
            case THROTTLED -> Status.RESOURCE_EXHAUSTED.withDescription("Quota exceeded for quota metric "
                    + "'Cryptographic requests per minute' of service 'cloudkms.googleapis.com'.");
            case ACCESS_DENIED -> Status.PERMISSION_DENIED.withDescription("Permission "
                    + "'cloudkms.cryptoKeyVersions.useToSign' denied on resource '" + NAME
                    + "' (or it may not exist).");
            case KEY_DISABLED -> Status.FAILED_PRECONDITION.withDescription(NAME
                    + " is not enabled, current state is: DISABLED.");
            case WRONG_KEY_TYPE -> Status.FAILED_PRECONDITION.withDescription("Operation requested is not supported "
                    + "for key purpose ENCRYPT_DECRYPT.");
            default -> null;
        };
        if (refusal == null && !NAME.equals(request.getName())) {
            refusal = Status.NOT_FOUND.withDescription(request.getName() + " not found.");
        }
        String hash = algorithm() == CryptoKeyVersionAlgorithm.EC_SIGN_P384_SHA384 ? "SHA-384" : "SHA-256";
        ByteString digest = hash.equals("SHA-384") ? request.getDigest().getSha384() : request.getDigest().getSha256();
        if (refusal == null && (digest.size() != (hash.equals("SHA-384") ? 48 : 32)
                || !request.hasDigestCrc32C()
                || request.getDigestCrc32C().getValue() != crc32c(digest.toByteArray()))) {
            refusal = Status.INVALID_ARGUMENT.withDescription("The digest or its CRC32C does not match the key's "
                    + "algorithm " + algorithm() + ".");
        }
        if (refusal != null) {
            answer.onError(refusal.asRuntimeException());
            return;
        }
        byte[] signature = signDigest(digest.toByteArray(), hash);
        answer.onNext(AsymmetricSignResponse.newBuilder()
                .setName(NAME)
                .setSignature(ByteString.copyFrom(signature))
                .setSignatureCrc32C(Int64Value.of(crc32c(signature)))
                .setVerifiedDigestCrc32C(true)
                .setProtectionLevel(ProtectionLevel.HSM)
                .build());
        answer.onCompleted();
    }

    @Override
    public void close() {
        super.close();
        server.shutdownNow();
    }
}
