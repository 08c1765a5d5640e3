package dev.signet.ca.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.signet.codec.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for HashiCorp Vault's Transit secrets engine: {@code GET /v1/transit/keys/:name}
 * and {@code POST /v1/transit/sign/:name/:hash_algorithm} as Vault's API documentation gives them,
 * with Vault's error shape ({@code {"errors": [...]}}): 429 for a rate limit quota, 403 permission
 * denied, 503 for a sealed Vault (the nearest to a disabled key: Transit has no disable), 400 for a
 * key type that cannot sign. Requests without the right {@code X-Vault-Token} get 403.
 * It also has Vault's Kubernetes auth login ({@code POST /v1/auth/kubernetes/login} with
 * {@code role} and {@code jwt}): an unknown role gets 400 ({@code invalid role name}), a wrong JWT
 * 403, else a fresh token with a lease of {@link #leaseSeconds}, refused once the lease is over.
 */
public final class VaultTransitServer extends FakeKmsServer {

    public static final String TOKEN = "hvs.signet-test-token";
    static final String KEY = "signet-ca";

    /** The token Vault accepts now (a renewal changes it). */
    volatile String acceptedToken = TOKEN;
    /** The role of the Kubernetes auth method's login. */
    static final String ROLE = "signet";
    /** The service account token the login accepts now (a rotation changes it). */
    volatile String acceptedJwt = "eyJhbGciOiJSUzI1NiJ9.service-account-1.sig";
    /** Lease of a token from the login, in seconds. */
    volatile long leaseSeconds = 3600;
    final AtomicInteger logins = new AtomicInteger();
    /** Tokens issued by the login, with the end of their lease. */
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();

    public VaultTransitServer(String keyType) throws IOException {
        super(keyType);
    }

    @Override
    public String reference() {
        return "hashivault://" + KEY;
    }

    @Override
    KmsSettings settings(Path chain, Duration timeout) {
        return settings(url(), chain, timeout, 16);
    }

    /** Settings for a stand-in at {@code url}, in this process or another. */
    static KmsSettings settings(String url, Path chain, Duration timeout, int maxInFlight) {
        Map<String, String> environment = Map.of("VAULT_ADDR", url, "VAULT_TOKEN", TOKEN);
        return new KmsSettings(KmsKeyReference.parse("hashivault://" + KEY), Optional.ofNullable(chain), timeout,
                maxInFlight, Optional.empty(), Optional.empty(), Optional.empty(), "transit", environment::get);
    }

    private String type() {
        return switch (keyType()) {
            case "P-256" -> "ecdsa-p256";
            case "P-384" -> "ecdsa-p384";
            default -> "rsa-2048";
        };
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = body(exchange);
        if (exchange.getRequestMethod().equals("POST") && path.equals("/v1/auth/kubernetes/login")) {
            login(exchange, JSON.readTree(body));
            return;
        }
        String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
        Instant leaseEnd = token == null ? null : issued.get(token);
        if (!acceptedToken.equals(token) && (leaseEnd == null || !Instant.now().isBefore(leaseEnd))) {
            unauthenticated.incrementAndGet();
            errors(exchange, 403, "permission denied");
            return;
        }
        if (exchange.getRequestMethod().equals("GET") && path.equals("/v1/transit/keys/" + KEY)) {
            Map<String, Object> version = notForSigning ? Map.of("creation_time", "2026-12-01T00:00:00Z")
                    : Map.of("creation_time", "2026-12-01T00:00:00Z", "name", keyType(),
                            "public_key", Pem.encode("PUBLIC KEY", publicKey().getEncoded()));
            respond(exchange, 200, Map.of("data", Map.of("name", KEY, "type",
                    notForSigning ? "aes256-gcm96" : type(), "latest_version", 1, "min_decryption_version", 1,
                    "supports_signing", !notForSigning, "keys", Map.of("1", version))));
        } else if (exchange.getRequestMethod().equals("POST") && path.startsWith("/v1/transit/sign/" + KEY + "/")) {
            sign(exchange, path.substring(path.lastIndexOf('/') + 1), JSON.readTree(body));
        } else {
            errors(exchange, 404, "no handler for route \"" + path + "\"");
        }
    }

    private void sign(HttpExchange exchange, String hashAlgorithm, JsonNode request) throws IOException {
        signCalls.incrementAndGet();
        switch (mode) {
            case THROTTLED -> errors(exchange, 429, "request path \"transit/sign/" + KEY
                    + "\": rate limit quota exceeded");
            case ACCESS_DENIED -> errors(exchange, 403, "permission denied");
            case KEY_DISABLED -> errors(exchange, 503, "Vault is sealed");
            case WRONG_KEY_TYPE -> errors(exchange, 400, "key type aes256-gcm96 does not support signing");
            default -> {
                String expectedHash = keyType().equals("P-384") ? "sha2-384" : "sha2-256";
                if (!expectedHash.equals(hashAlgorithm) || !request.path("prehashed").asBoolean()
                        || request.path("key_version").asInt() != 1) {
                    errors(exchange, 400, "unexpected hash_algorithm, prehashed or key_version");
                    return;
                }
                byte[] digest = Base64.getDecoder().decode(request.path("input").asText());
                byte[] signature = signDigest(digest, expectedHash.equals("sha2-384") ? "SHA-384" : "SHA-256");
                respond(exchange, 200, Map.of("data", Map.of("signature",
                        "vault:v1:" + Base64.getEncoder().encodeToString(signature), "key_version", 1)));
            }
        }
    }

    /** Ends the lease of every token the login gave out, as a revocation does. */
    void revokeLogins() {
        issued.clear();
    }

    private void login(HttpExchange exchange, JsonNode request) throws IOException {
        String role = request.path("role").asText("");
        if (!ROLE.equals(role)) {
            errors(exchange, 400, "invalid role name \"" + role + "\"");
            return;
        }
        if (!acceptedJwt.equals(request.path("jwt").asText(""))) {
            errors(exchange, 403, "permission denied");
            return;
        }
        String token = "hvs.login-" + logins.incrementAndGet();
        long lease = leaseSeconds;
        issued.put(token, Instant.now().plusSeconds(lease));
        respond(exchange, 200, Map.of("auth", Map.of("client_token", token, "accessor", "accessor-" + token,
                "policies", List.of("default", "signet-transit"), "lease_duration", lease, "renewable", true)));
    }

    private static void errors(HttpExchange exchange, int status, String message) throws IOException {
        respond(exchange, status, Map.of("errors", List.of(message)));
    }
}
