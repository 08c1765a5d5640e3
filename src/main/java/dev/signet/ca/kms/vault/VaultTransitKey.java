package dev.signet.ca.kms.vault;

import dev.signet.error.AsyncFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.CaSignatureAlgorithm;
import dev.signet.ca.kms.KmsException;
import dev.signet.ca.kms.KmsKey;
import dev.signet.ca.kms.KmsKeyReference;
import dev.signet.ca.kms.KmsSettings;
import dev.signet.codec.MalformedEncodingException;
import dev.signet.codec.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key in HashiCorp Vault's Transit secrets engine, through its documented HTTP API
 * (developer.hashicorp.com/vault/api-docs/secret/transit: {@code GET /v1/:mount/keys/:name},
 * {@code POST /v1/:mount/sign/:name/:hash_algorithm}) on the JDK's HTTP client: asynchronous, with
 * a deadline, no redirects and bounded response bodies (docs/decisions.md says why not a Vault
 * client library). The token comes from {@code signet.ca.kms.vault-token-file} (re-read when Vault
 * answers 403, so a token that Vault Agent renews is picked up), {@code VAULT_TOKEN}, or a login with
 * Vault's Kubernetes auth method ({@code signet.ca.kms.vault-kubernetes-role}, {@link VaultKubernetesLogin}).
 * Throttling (429), a sealed or standby Vault (503) and other 5xx are retried, within the
 * deadline: signing changes nothing in Vault, so a retry is safe.
 */
public final class VaultTransitKey implements KmsKey {

    /** Tries of one call, the first included. */
    static final int MAX_ATTEMPTS = 3;
    /** Largest response accepted: a key with many versions stays far below. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final int MAX_ERROR_CHARS = 200;
    private static final Pattern SIGNATURE = Pattern.compile("vault:v(\\d{1,9}):([A-Za-z0-9+/=]{1,4096})");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<CaSignatureAlgorithm, String> HASHES = Map.of(
            CaSignatureAlgorithm.ECDSA_P256, "sha2-256",
            CaSignatureAlgorithm.ECDSA_P384, "sha2-384",
            CaSignatureAlgorithm.ECDSA_P521, "sha2-512",
            CaSignatureAlgorithm.RSA, "sha2-256");

    private final KmsKeyReference reference;
    private final URI keyUri;
    private final URI signUri;
    private final Duration timeout;
    private final VaultToken tokens;
    private final ExecutorService executor;
    private final HttpClient http;
    /** The key version whose public key was checked; every signature is made with it. */
    private volatile long version;

    private VaultTransitKey(KmsKeyReference reference, URI address, String mount, Duration timeout,
            Function<HttpClient, VaultToken> tokens) {
        this.reference = reference;
        String origin = address.toString().replaceAll("/+$", "");
        String base = origin + "/v1/" + mount + "/";
        this.keyUri = URI.create(base + "keys/" + reference.keyId());
        this.signUri = URI.create(base + "sign/" + reference.keyId() + "/");
        this.timeout = timeout;
        // Two threads run the client's callbacks; no thread waits for Vault's answer.
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "signet-vault-transit");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.tokens = tokens.apply(http);
    }

    /**
     * A client for the key {@code settings} name at the Vault address of the settings, else
     * {@code VAULT_ADDR}.
     *
     * @throws KmsException when the address or the token is missing
     */
    public static VaultTransitKey connect(KmsSettings settings) {
        URI address = settings.endpoint().or(() -> Optional.ofNullable(settings.environment().apply("VAULT_ADDR"))
                .filter(text -> !text.isBlank()).map(text -> URI.create(text.strip())))
                .orElseThrow(() -> new KmsException("no Vault address: set signet.ca.kms.endpoint or VAULT_ADDR",
                        false));
        if (!("https".equals(address.getScheme()) || "http".equals(address.getScheme())) || address.getHost() == null) {
            throw new KmsException("the Vault address must be an http(s) URL", false);
        }
        Function<HttpClient, VaultToken> tokens;
        if (settings.vaultKubernetes().isPresent()) {
            String origin = address.toString().replaceAll("/+$", "");
            tokens = http -> new VaultKubernetesLogin(settings.vaultKubernetes().get(), origin, settings.timeout(),
                    http);
        } else if (settings.vaultTokenFile().isPresent()) {
            VaultToken fromFile = new VaultToken.FromFile(settings.vaultTokenFile().get());
            tokens = http -> fromFile;
        } else {
            VaultToken fixed = Optional.ofNullable(settings.environment().apply("VAULT_TOKEN")).map(String::strip)
                    .filter(text -> !text.isEmpty()).map(VaultToken.Fixed::new)
                    .orElseThrow(() -> new KmsException("no Vault token: set signet.ca.kms.vault-token-file, "
                            + "VAULT_TOKEN or signet.ca.kms.vault-kubernetes-role", false));
            tokens = http -> fixed;
        }
        return new VaultTransitKey(settings.reference(), address, settings.vaultTransitPath(), settings.timeout(),
                tokens);
    }

    @Override
    public CompletionStage<Description> describe() {
        return call("keys read", () -> HttpRequest.newBuilder(keyUri).GET(), 1).thenApply(this::description);
    }

    private Description description(JsonNode body) {
        JsonNode data = body.path("data");
        long latest = data.path("latest_version").asLong(0);
        String type = data.path("type").asText("");
        String pem = data.path("keys").path(Long.toString(latest)).path("public_key").asText("");
        if (latest < 1 || pem.isEmpty()) {
            throw new KmsException("Vault transit key " + reference + " (type '" + limit(type)
                    + "') has no public key: it is not a signing key", false);
        }
        PublicKey key;
        try {
            byte[] der = Pem.decode(pem.getBytes(StandardCharsets.UTF_8), "PUBLIC KEY");
            key = KeyFactory.getInstance(type.startsWith("rsa") ? "RSA" : "EC")
                    .generatePublic(new X509EncodedKeySpec(der));
        } catch (java.security.GeneralSecurityException | MalformedEncodingException | RuntimeException e) {
            throw new KmsException("Vault returned a public key for " + reference + " that cannot be parsed", false, e);
        }
        version = latest;
        return new Description(key, algorithms(type), "transit " + limit(type) + " v" + latest);
    }

    private static Set<CaSignatureAlgorithm> algorithms(String type) {
        return switch (type) {
            case "ecdsa-p256" -> Set.of(CaSignatureAlgorithm.ECDSA_P256);
            case "ecdsa-p384" -> Set.of(CaSignatureAlgorithm.ECDSA_P384);
            case "ecdsa-p521" -> Set.of(CaSignatureAlgorithm.ECDSA_P521);
            case "rsa-2048", "rsa-3072", "rsa-4096" -> Set.of(CaSignatureAlgorithm.RSA);
            default -> Set.of();
        };
    }

    @Override
    public CompletionStage<byte[]> sign(byte[] digest, CaSignatureAlgorithm algorithm) {
        String hash = HASHES.get(algorithm);
        if (hash == null) {
            throw new KmsException("Vault transit cannot sign " + algorithm, false);
        }
        String body = JSON.createObjectNode()
                .put("input", Base64.getEncoder().encodeToString(digest))
                .put("prehashed", true)
                .put("key_version", version)
                .put(algorithm == CaSignatureAlgorithm.RSA ? "signature_algorithm" : "marshaling_algorithm",
                        algorithm == CaSignatureAlgorithm.RSA ? "pkcs1v15" : "asn1")
                .toString();
        return call("sign", () -> HttpRequest.newBuilder(signUri.resolve(hash))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), 1)
                .thenApply(this::signature);
    }

    private byte[] signature(JsonNode body) {
        Matcher matcher = SIGNATURE.matcher(body.path("data").path("signature").asText(""));
        if (!matcher.matches()) {
            throw new KmsException("Vault's sign response for " + reference + " holds no signature", false);
        }
        return Base64.getDecoder().decode(matcher.group(2));
    }

    /** One Transit call with its retries; fails with KmsException. */
    private CompletableFuture<JsonNode> call(String operation, RequestShape shape, int attempt) {
        return call(operation, shape, attempt, tokens.current());
    }

    private CompletableFuture<JsonNode> call(String operation, RequestShape shape, int attempt,
            CompletableFuture<String> token) {
        return token.thenCompose(value -> send(operation, shape, attempt, value));
    }

    private CompletableFuture<JsonNode> send(String operation, RequestShape shape, int attempt, String token) {
        HttpRequest request = shape.builder().timeout(timeout).header("X-Vault-Token", token).build();
        return http.sendAsync(request, BoundedBody.handler(MAX_RESPONSE_BYTES))
                .handle((response, failure) -> outcome(operation, response, failure))
                .thenCompose(outcome -> {
                    if (outcome.body() != null) {
                        return CompletableFuture.completedFuture(outcome.body());
                    }
                    KmsException failure = outcome.failure();
                    if (outcome.tokenRefused() && attempt == 1 && !(tokens instanceof VaultToken.Fixed)) {
                        // One more try with a fresh token (the file re-read, or a new login).
                        return call(operation, shape, attempt + 1, tokens.afterRefusal(token));
                    }
                    if (failure.retryable() && attempt < MAX_ATTEMPTS) {
                        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
                        return CompletableFuture.supplyAsync(() -> null,
                                CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS,
                                        executor))
                                .thenCompose(ignored -> call(operation, shape, attempt + 1));
                    }
                    return CompletableFuture.failedFuture(failure);
                });
    }

    private Outcome outcome(String operation, HttpResponse<byte[]> response, Throwable failure) {
        String what = "Vault transit " + operation + " for " + reference;
        if (failure != null) {
            return Outcome.failed(transportFailure(what, failure), false);
        }
        int status = response.statusCode();
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException | RuntimeException e) {
            body = JSON.missingNode();
        }
        if (status == 200) {
            return new Outcome(body, null, false);
        }
        return Outcome.failed(httpFailure(what, status, body), status == 403);
    }

    /** A request Vault never answered: retryable. */
    static KmsException transportFailure(String what, Throwable failure) {
        Throwable cause = AsyncFailure.cause(failure);
        if (cause instanceof KmsException kms) {
            return kms;
        }
        boolean timedOut = cause instanceof java.net.http.HttpTimeoutException;
        return new KmsException(what + (timedOut ? " timed out" : " failed: " + cause.getClass().getSimpleName()),
                true, cause);
    }

    /** Vault's answer other than 200, with its first error (Vault's {@code {"errors": [...]}}) shortened. */
    static KmsException httpFailure(String what, int status, JsonNode body) {
        String error = body.path("errors").path(0).asText("");
        boolean retryable = status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
        return new KmsException(what + " failed: HTTP " + status
                + (error.isEmpty() ? "" : " (" + limit(error) + ")"), retryable);
    }

    private static String limit(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= MAX_ERROR_CHARS ? printable : printable.substring(0, MAX_ERROR_CHARS) + "…";
    }

    /** A request built afresh for each attempt (the token may change between them). */
    @FunctionalInterface
    private interface RequestShape {
        HttpRequest.Builder builder();
    }

    private record Outcome(JsonNode body, KmsException failure, boolean tokenRefused) {
        static Outcome failed(KmsException failure, boolean tokenRefused) {
            return new Outcome(null, failure, tokenRefused);
        }
    }

    @Override
    public KmsKeyReference reference() {
        return reference;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
