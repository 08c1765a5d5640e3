package dev.signet.ca.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loopback stand-in for AWS KMS: the JSON 1.1 protocol ({@code POST /}, {@code X-Amz-Target:
 * TrentService.<Operation>}, {@code application/x-amz-json-1.1}) for {@code GetPublicKey} and
 * {@code Sign}, as the AWS KMS API Reference documents them, with its error shape (HTTP 400 and
 * {@code {"__type": ..., "message": ...}}): ThrottlingException, AccessDeniedException,
 * DisabledException, InvalidKeyUsageException. Requests without a SigV4 Authorization header are
 * refused; the signature itself is not checked.
 */
public final class AwsKmsJsonServer extends FakeKmsServer {

    public static final String ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    public AwsKmsJsonServer(String keyType) throws IOException {
        super(keyType);
        useTestCredentials();
    }

    /** The SDK's default credentials chain reads these system properties first. */
    static void useTestCredentials() {
        System.setProperty("aws.accessKeyId", "AKIDSIGNETTEST");
        System.setProperty("aws.secretAccessKey", "signet-test-secret");
    }

    @Override
    public String reference() {
        return "awskms:///" + ARN;
    }

    @Override
    KmsSettings settings(Path chain, Duration timeout) {
        return settings(url(), chain, timeout, 16);
    }

    /** Settings for a stand-in at {@code url}, in this process or another. */
    static KmsSettings settings(String url, Path chain, Duration timeout, int maxInFlight) {
        return new KmsSettings(KmsKeyReference.parse("awskms:///" + ARN), Optional.ofNullable(chain), timeout,
                maxInFlight, Optional.of(java.net.URI.create(url)), Optional.empty(), Optional.empty(), "transit",
                name -> null);
    }

    private String keySpec() {
        return switch (keyType()) {
            case "P-256" -> "ECC_NIST_P256";
            case "P-384" -> "ECC_NIST_P384";
            default -> "RSA_2048";
        };
    }

    private String signingAlgorithm() {
        return switch (keyType()) {
            case "P-256" -> "ECDSA_SHA_256";
            case "P-384" -> "ECDSA_SHA_384";
            default -> "RSASSA_PKCS1_V1_5_SHA_256";
        };
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        JsonNode request = JSON.readTree(body(exchange));
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDSIGNETTEST/")
                || !authorization.contains("/eu-west-1/kms/aws4_request")) {
            unauthenticated.incrementAndGet();
            error(exchange, "IncompleteSignatureException", "the request is not signed with SigV4");
            return;
        }
        if (!ARN.equals(request.path("KeyId").asText())) {
            error(exchange, "NotFoundException", "Key '" + request.path("KeyId").asText() + "' does not exist");
            return;
        }
        switch (String.valueOf(target)) {
            case "TrentService.GetPublicKey" -> respond(exchange, 200, Map.of(
                    "KeyId", ARN,
                    "PublicKey", Base64.getEncoder().encodeToString(publicKey().getEncoded()),
                    "KeySpec", keySpec(),
                    "CustomerMasterKeySpec", keySpec(),
                    "KeyUsage", notForSigning ? "KEY_AGREEMENT" : "SIGN_VERIFY",
                    "SigningAlgorithms", notForSigning ? List.of() : List.of(signingAlgorithm())), CONTENT_TYPE);
            case "TrentService.Sign" -> sign(exchange, request);
            default -> error(exchange, "UnknownOperationException", "unknown operation");
        }
    }

    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private void sign(HttpExchange exchange, JsonNode request) throws IOException {
        signCalls.incrementAndGet();
        switch (mode) {
            case THROTTLED -> error(exchange, "ThrottlingException", "Rate exceeded");
            case ACCESS_DENIED -> error(exchange, "AccessDeniedException", "User is not authorized to perform: "
                    + "kms:Sign on resource: " + ARN);
            case KEY_DISABLED -> error(exchange, "DisabledException", ARN + " is disabled.");
            case WRONG_KEY_TYPE -> error(exchange, "InvalidKeyUsageException",
                    "KeyUsage for key " + ARN + " is not SIGN_VERIFY");
            default -> {
                if (!"DIGEST".equals(request.path("MessageType").asText())
                        || !signingAlgorithm().equals(request.path("SigningAlgorithm").asText())) {
                    error(exchange, "ValidationException", "unexpected MessageType or SigningAlgorithm");
                    return;
                }
                byte[] digest = Base64.getDecoder().decode(request.path("Message").asText());
                String hash = signingAlgorithm().endsWith("384") ? "SHA-384" : "SHA-256";
                byte[] signature = signDigest(digest, hash);
                respond(exchange, 200, Map.of("KeyId", ARN, "Signature",
                        Base64.getEncoder().encodeToString(signature), "SigningAlgorithm", signingAlgorithm()),
                        CONTENT_TYPE);
            }
        }
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        respond(exchange, 400, Map.of("__type", type, "message", message), CONTENT_TYPE);
    }
}
