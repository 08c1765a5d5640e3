package dev.signet.ca.kms.aws;

import dev.signet.error.AsyncFailure;
import dev.signet.ca.CaSignatureAlgorithm;
import dev.signet.ca.kms.KmsException;
import dev.signet.ca.kms.KmsKey;
import dev.signet.ca.kms.KmsKeyReference;
import dev.signet.ca.kms.KmsSettings;
import java.net.URI;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsAsyncClientBuilder;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * A key in AWS KMS, through the AWS SDK for Java v2's asynchronous client (JSON 1.1 protocol,
 * SigV4) on its Netty transport. Credentials come from the SDK's default chain (environment,
 * profile, IRSA web identity, EKS Pod Identity, instance role). The SDK's standard retry strategy
 * retries what AWS marks retryable (throttling, 5xx, connection failures); that is safe for
 * {@code Sign} and {@code GetPublicKey}, which change nothing at the service.
 */
public final class AwsKmsKey implements KmsKey {

    /** Tries of one call, the first included: AWS's standard retry mode. */
    static final int MAX_ATTEMPTS = 3;

    private static final Map<CaSignatureAlgorithm, SigningAlgorithmSpec> SPECS = Map.of(
            CaSignatureAlgorithm.ECDSA_P256, SigningAlgorithmSpec.ECDSA_SHA_256,
            CaSignatureAlgorithm.ECDSA_P384, SigningAlgorithmSpec.ECDSA_SHA_384,
            CaSignatureAlgorithm.ECDSA_P521, SigningAlgorithmSpec.ECDSA_SHA_512,
            CaSignatureAlgorithm.RSA, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256);

    private final KmsAsyncClient client;
    private final KmsKeyReference reference;

    AwsKmsKey(KmsAsyncClient client, KmsKeyReference reference) {
        this.client = Objects.requireNonNull(client, "client");
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    /**
     * A client for the key {@code settings} name: region from the settings, else the key ARN, else
     * the SDK's region chain; endpoint from the settings, else the reference's host over HTTPS.
     *
     * @throws KmsException when the SDK cannot be set up (no region found, bad endpoint)
     */
    public static AwsKmsKey connect(KmsSettings settings) {
        KmsKeyReference reference = settings.reference();
        Duration timeout = settings.timeout();
        // AWS's standard mode: retries what AWS marks retryable, with backoff and a retry quota.
        RetryStrategy retries = AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build();
        try {
            KmsAsyncClientBuilder builder = KmsAsyncClient.builder()
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                            .maxConcurrency(settings.maxInFlight())
                            .maxPendingConnectionAcquires(settings.maxInFlight())
                            .connectionTimeout(timeout)
                            .connectionAcquisitionTimeout(timeout)
                            .readTimeout(timeout)
                            .writeTimeout(timeout)
                            // Two I/O threads carry every call: a signature in flight holds none of them.
                            .eventLoopGroupBuilder(SdkEventLoopGroup.builder().numberOfThreads(2)))
                    .overrideConfiguration(override -> override.apiCallTimeout(timeout).retryStrategy(retries));
            settings.awsRegion().or(reference::region).map(Region::of).ifPresent(builder::region);
            settings.endpoint().or(() -> reference.endpoint().map(host -> URI.create("https://" + host)))
                    .ifPresent(builder::endpointOverride);
            return new AwsKmsKey(builder.build(), reference);
        } catch (SdkException | IllegalArgumentException e) {
            throw new KmsException("the AWS KMS client for " + reference + " cannot be set up: " + e.getMessage(),
                    false, e);
        }
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof SdkException sdk && (sdk.retryable()
                || failure instanceof SdkServiceException service && service.isThrottlingException());
    }

    @Override
    public CompletionStage<Description> describe() {
        return client.getPublicKey(request -> request.keyId(reference.keyId()))
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw failed("GetPublicKey", failure);
                    }
                    return description(response);
                });
    }

    private Description description(GetPublicKeyResponse response) {
        PublicKey key;
        try {
            byte[] der = response.publicKey().asByteArray();
            String algorithm = SubjectPublicKeyInfo.getInstance(der).getAlgorithm().getAlgorithm()
                    .equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption) ? "RSA" : "EC";
            key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw new KmsException("AWS KMS returned a public key for " + reference + " that cannot be parsed", false,
                    e);
        }
        Set<CaSignatureAlgorithm> algorithms = EnumSet.noneOf(CaSignatureAlgorithm.class);
        SPECS.forEach((algorithm, spec) -> {
            if (response.signingAlgorithms().contains(spec)) {
                algorithms.add(algorithm);
            }
        });
        return new Description(key, algorithms, response.keySpecAsString() + "/" + response.keyUsageAsString());
    }

    @Override
    public CompletionStage<byte[]> sign(byte[] digest, CaSignatureAlgorithm algorithm) {
        SigningAlgorithmSpec spec = SPECS.get(algorithm);
        if (spec == null) {
            throw new KmsException("AWS KMS cannot sign " + algorithm, false);
        }
        return client.sign(request -> request.keyId(reference.keyId())
                .message(SdkBytes.fromByteArray(digest))
                .messageType(MessageType.DIGEST)
                .signingAlgorithm(spec))
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw failed("Sign", failure);
                    }
                    return response.signature().asByteArray();
                });
    }

    /** The SDK's failure as a KmsException naming AWS's error code, never a credential. */
    private KmsException failed(String operation, Throwable failure) {
        Throwable cause = AsyncFailure.cause(failure);
        if (cause instanceof ApiCallTimeoutException || cause instanceof ApiCallAttemptTimeoutException) {
            return new KmsException("AWS KMS " + operation + " for " + reference + " timed out", true, cause);
        }
        if (cause instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.awsErrorDetails() != null) {
            return new KmsException("AWS KMS " + operation + " for " + reference + " failed: "
                    + service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")",
                    retryable(service), cause);
        }
        return new KmsException("AWS KMS " + operation + " for " + reference + " failed: "
                + cause.getClass().getSimpleName(), retryable(cause), cause);
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
