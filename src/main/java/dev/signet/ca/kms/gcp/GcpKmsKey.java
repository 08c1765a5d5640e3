package dev.signet.ca.kms.gcp;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.cloud.kms.v1.AsymmetricSignRequest;
import com.google.cloud.kms.v1.AsymmetricSignResponse;
import com.google.cloud.kms.v1.CryptoKeyVersion.CryptoKeyVersionAlgorithm;
import com.google.cloud.kms.v1.Digest;
import com.google.cloud.kms.v1.GetPublicKeyRequest;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.kms.v1.KeyManagementServiceSettings;
import com.google.cloud.kms.v1.PublicKey;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import dev.signet.ca.CaSignatureAlgorithm;
import dev.signet.ca.kms.KmsException;
import dev.signet.ca.kms.KmsKey;
import dev.signet.ca.kms.KmsKeyReference;
import dev.signet.ca.kms.KmsSettings;
import dev.signet.codec.MalformedEncodingException;
import dev.signet.codec.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * A key version in Google Cloud KMS, through the official Cloud KMS client
 * ({@code com.google.cloud:google-cloud-kms}) over gRPC: {@code GetPublicKey} and
 * {@code AsymmetricSign} with a digest, as cloud.google.com/kms/docs/reference/rpc/google.cloud.kms.v1
 * documents them. Credentials are Application Default Credentials (Workload Identity on GKE, a
 * service account key file named by {@code GOOGLE_APPLICATION_CREDENTIALS}, the metadata server).
 * Both calls are checked end to end with CRC32C as cloud.google.com/kms/docs/data-integrity-guidelines
 * asks: the public key's {@code pem_crc32c}, the request's {@code digest_crc32c} (which the service
 * must confirm with {@code verified_digest_crc32c}) and the answer's {@code signature_crc32c}.
 * UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED are retried with backoff within the
 * deadline: Google lists the first two as retryable and says an occasional RESOURCE_EXHAUSTED
 * (a per-second quota) is addressed by retrying (cloud.google.com/kms/docs/monitor-adjust-quotas);
 * both calls change nothing at the service, so a retry is safe.
 */
public final class GcpKmsKey implements KmsKey {

    /** Tries of one call, the first included. */
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final Set<StatusCode.Code> RETRYABLE = Set.of(
            StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED, StatusCode.Code.RESOURCE_EXHAUSTED);
    /** The algorithms Signet signs certificates with, as Cloud KMS names them. */
    private static final Map<CryptoKeyVersionAlgorithm, CaSignatureAlgorithm> ALGORITHMS = Map.of(
            CryptoKeyVersionAlgorithm.EC_SIGN_P256_SHA256, CaSignatureAlgorithm.ECDSA_P256,
            CryptoKeyVersionAlgorithm.EC_SIGN_P384_SHA384, CaSignatureAlgorithm.ECDSA_P384,
            CryptoKeyVersionAlgorithm.RSA_SIGN_PKCS1_2048_SHA256, CaSignatureAlgorithm.RSA,
            CryptoKeyVersionAlgorithm.RSA_SIGN_PKCS1_3072_SHA256, CaSignatureAlgorithm.RSA,
            CryptoKeyVersionAlgorithm.RSA_SIGN_PKCS1_4096_SHA256, CaSignatureAlgorithm.RSA);

    private final KeyManagementServiceClient client;
    private final KmsKeyReference reference;

    GcpKmsKey(KeyManagementServiceClient client, KmsKeyReference reference) {
        this.client = Objects.requireNonNull(client, "client");
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    /**
     * A client for the key version {@code settings} name, at {@code cloudkms.googleapis.com} or at
     * the {@code https} endpoint of the settings (a Private Service Connect or regional endpoint),
     * with Application Default Credentials. An {@code http} endpoint is accepted only on a loopback
     * address and is then spoken to in plaintext without credentials (a local stand-in of the
     * service): a credential never leaves the machine unencrypted.
     *
     * @throws KmsException when the client cannot be set up (no credentials found, bad endpoint)
     */
    public static GcpKmsKey connect(KmsSettings settings) {
        KmsKeyReference reference = settings.reference();
        Duration timeout = settings.timeout();
        try {
            KeyManagementServiceSettings.Builder builder = KeyManagementServiceSettings.newBuilder();
            InstantiatingGrpcChannelProvider.Builder channel = KeyManagementServiceSettings
                    .defaultGrpcTransportProviderBuilder()
                    .setMaxInboundMessageSize(MAX_MESSAGE_BYTES);
            if (settings.endpoint().isPresent()) {
                URI endpoint = settings.endpoint().get();
                boolean plaintext = "http".equals(endpoint.getScheme());
                if (!(plaintext || "https".equals(endpoint.getScheme())) || endpoint.getHost() == null) {
                    throw new KmsException("the Google Cloud KMS endpoint must be an https URL with a host", false);
                }
                if (plaintext && !loopback(endpoint.getHost())) {
                    throw new KmsException("the Google Cloud KMS endpoint must be https unless it is a loopback "
                            + "address", false);
                }
                int port = endpoint.getPort() != -1 ? endpoint.getPort() : plaintext ? 80 : 443;
                String target = endpoint.getHost() + ":" + port;
                builder.setEndpoint(target);
                channel.setEndpoint(target);
                if (plaintext) {
                    channel.setChannelConfigurator(managed -> managed.usePlaintext());
                    builder.setCredentialsProvider(NoCredentialsProvider.create());
                }
            }
            builder.setTransportChannelProvider(channel.build());
            retries(builder.getPublicKeySettings(), timeout);
            retries(builder.asymmetricSignSettings(), timeout);
            return new GcpKmsKey(KeyManagementServiceClient.create(builder.build()), reference);
        } catch (IOException | RuntimeException e) {
            if (e instanceof KmsException kms) {
                throw kms;
            }
            // The credentials chain's message says which sources it tried; it holds no secret.
            throw new KmsException("the Google Cloud KMS client for " + reference + " cannot be set up: "
                    + e.getMessage(), false, e);
        }
    }

    private static boolean loopback(String host) {
        try {
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The deadline covers every try and the backoff between them; each try may use what is left. */
    private static void retries(UnaryCallSettings.Builder<?, ?> call, Duration timeout) {
        call.setRetryableCodes(RETRYABLE).setRetrySettings(RetrySettings.newBuilder()
                .setMaxAttempts(MAX_ATTEMPTS)
                .setInitialRetryDelayDuration(FIRST_BACKOFF)
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(timeout)
                .setInitialRpcTimeoutDuration(timeout)
                .setRpcTimeoutMultiplier(1.0)
                .setMaxRpcTimeoutDuration(timeout)
                .setTotalTimeoutDuration(timeout)
                .build());
    }

    @Override
    public CompletionStage<Description> describe() {
        GetPublicKeyRequest request = GetPublicKeyRequest.newBuilder().setName(reference.keyId()).build();
        return stage(client.getPublicKeyCallable().futureCall(request), "GetPublicKey", this::description);
    }

    private Description description(PublicKey response) {
        byte[] pem = response.getPem().getBytes(StandardCharsets.UTF_8);
        if (!response.getName().equals(reference.keyId())) {
            throw new KmsException("Google Cloud KMS answered GetPublicKey for " + reference + " with another key "
                    + "version", false);
        }
        if (!response.hasPemCrc32C() || response.getPemCrc32C().getValue() != crc32c(pem)) {
            throw new KmsException("Google Cloud KMS returned a public key for " + reference + " whose CRC32C does "
                    + "not match (corrupted in transit)", true);
        }
        CryptoKeyVersionAlgorithm algorithm = response.getAlgorithm();
        java.security.PublicKey key;
        try {
            byte[] der = Pem.decode(pem, "PUBLIC KEY");
            key = KeyFactory.getInstance(algorithm.name().startsWith("RSA_") ? "RSA" : "EC")
                    .generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | MalformedEncodingException | IllegalArgumentException e) {
            throw new KmsException("Google Cloud KMS returned a public key for " + reference + " (" + algorithm
                    + ") that cannot be parsed", false, e);
        }
        Set<CaSignatureAlgorithm> algorithms = EnumSet.noneOf(CaSignatureAlgorithm.class);
        if (ALGORITHMS.containsKey(algorithm)) {
            algorithms.add(ALGORITHMS.get(algorithm));
        }
        return new Description(key, algorithms, algorithm + "/" + response.getProtectionLevel());
    }

    @Override
    public CompletionStage<byte[]> sign(byte[] digest, CaSignatureAlgorithm algorithm) {
        Digest.Builder message = Digest.newBuilder();
        ByteString bytes = ByteString.copyFrom(digest);
        switch (algorithm) {
            case ECDSA_P256, RSA -> message.setSha256(bytes);
            case ECDSA_P384 -> message.setSha384(bytes);
            default -> throw new KmsException("Google Cloud KMS cannot sign " + algorithm, false);
        }
        AsymmetricSignRequest request = AsymmetricSignRequest.newBuilder()
                .setName(reference.keyId())
                .setDigest(message)
                .setDigestCrc32C(Int64Value.of(crc32c(digest)))
                .build();
        return stage(client.asymmetricSignCallable().futureCall(request), "AsymmetricSign", this::signature);
    }

    private byte[] signature(AsymmetricSignResponse response) {
        if (!response.getVerifiedDigestCrc32C()) {
            throw new KmsException("Google Cloud KMS did not confirm the digest's CRC32C for " + reference
                    + " (corrupted in transit)", true);
        }
        if (!response.getName().equals(reference.keyId())) {
            throw new KmsException("Google Cloud KMS answered AsymmetricSign for " + reference + " with another key "
                    + "version", false);
        }
        byte[] signature = response.getSignature().toByteArray();
        if (!response.hasSignatureCrc32C() || response.getSignatureCrc32C().getValue() != crc32c(signature)) {
            throw new KmsException("Google Cloud KMS returned a signature for " + reference + " whose CRC32C does "
                    + "not match (corrupted in transit)", true);
        }
        return signature;
    }

    static long crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    /**
     * The client's future as a stage completed from gax's threads; cancelling the stage cancels the
     * call, so a caller that stops waiting frees the channel too.
     */
    private <T, R> CompletionStage<R> stage(ApiFuture<T> call, String operation, Function<T, R> answer) {
        CompletableFuture<R> result = new CompletableFuture<>();
        ApiFutures.addCallback(call, new ApiFutureCallback<T>() {
            @Override
            public void onSuccess(T response) {
                try {
                    result.complete(answer.apply(response));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Throwable failure) {
                result.completeExceptionally(failed(operation, failure));
            }
        }, MoreExecutors.directExecutor());
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    /** The client's failure as a KmsException naming the gRPC status code, never a credential. */
    private KmsException failed(String operation, Throwable failure) {
        if (failure instanceof ApiException api) {
            StatusCode.Code code = api.getStatusCode().getCode();
            return new KmsException("Google Cloud KMS " + operation + " for " + reference + " failed: " + code,
                    RETRYABLE.contains(code), failure);
        }
        return new KmsException("Google Cloud KMS " + operation + " for " + reference + " failed: "
                + failure.getClass().getSimpleName(), false, failure);
    }

    @Override
    public KmsKeyReference reference() {
        return reference;
    }

    @Override
    public void close() {
        client.close();
    }
}
