package dev.signet.ca.kms.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ca.kms.KmsException;
import dev.signet.ca.kms.KmsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Vault's Kubernetes auth method (developer.hashicorp.com/vault/api-docs/auth/kubernetes#login):
 * {@code POST /v1/auth/:mount/login} with the role and the pod's service account token gives
 * {@code auth.client_token} and {@code auth.lease_duration} (seconds). Logs in again at two thirds
 * of the lease and after a 403, reading the service account token afresh each time (projected
 * tokens rotate). One login at a time: concurrent callers share it. A failed login fails the call
 * that needed it; the next call tries again, so readiness recovers by itself.
 */
final class VaultKubernetesLogin implements VaultToken {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KmsSettings.VaultKubernetes auth;
    private final URI loginUri;
    private final Duration timeout;
    private final HttpClient http;
    private String token;
    /** System.nanoTime after which the token is renewed; meaningless while {@code renews} is false. */
    private long renewAt;
    private boolean renews;
    private CompletableFuture<String> pending;

    VaultKubernetesLogin(KmsSettings.VaultKubernetes auth, String address, Duration timeout, HttpClient http) {
        this.auth = auth;
        this.loginUri = URI.create(address + "/v1/auth/" + auth.mount() + "/login");
        this.timeout = timeout;
        this.http = http;
    }

    @Override
    public synchronized CompletableFuture<String> current() {
        if (pending != null && !pending.isDone()) {
            return pending;
        }
        if (token != null && !(renews && System.nanoTime() - renewAt >= 0)) {
            return CompletableFuture.completedFuture(token);
        }
        return login();
    }

    @Override
    public synchronized CompletableFuture<String> afterRefusal(String refused) {
        if (pending != null && !pending.isDone()) {
            return pending;
        }
        if (token != null && !token.equals(refused)) {
            return CompletableFuture.completedFuture(token);
        }
        return login();
    }

    /** Starts a login; the caller holds the lock. */
    private CompletableFuture<String> login() {
        String jwt;
        try {
            jwt = VaultToken.read(auth.tokenFile(), "Kubernetes service account token");
        } catch (KmsException e) {
            return CompletableFuture.failedFuture(e);
        }
        String body = JSON.createObjectNode().put("role", auth.role()).put("jwt", jwt).toString();
        HttpRequest request = HttpRequest.newBuilder(loginUri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long started = System.nanoTime();
        String what = "Vault Kubernetes login (role " + auth.role() + " at auth/" + auth.mount() + ")";
        CompletableFuture<String> login =
                http.sendAsync(request, BoundedBody.handler(VaultTransitKey.MAX_RESPONSE_BYTES))
                        .handle((response, failure) -> {
                            if (failure != null) {
                                throw VaultTransitKey.transportFailure(what, failure);
                            }
                            JsonNode json;
                            try {
                                json = JSON.readTree(response.body());
                            } catch (IOException | RuntimeException e) {
                                json = JSON.missingNode();
                            }
                            if (response.statusCode() != 200) {
                                throw VaultTransitKey.httpFailure(what, response.statusCode(), json);
                            }
                            String client = json.path("auth").path("client_token").asText("");
                            if (client.isEmpty()) {
                                throw new KmsException(what + " answered without auth.client_token", false);
                            }
                            renewed(client, json.path("auth").path("lease_duration").asLong(0), started);
                            return client;
                        });
        pending = login;
        return login;
    }

    /** Renews at two thirds of the lease, counted from when the login was sent; 0 means no expiry. */
    private synchronized void renewed(String client, long leaseSeconds, long started) {
        token = client;
        renews = leaseSeconds > 0;
        renewAt = started + Duration.ofSeconds(leaseSeconds).toNanos() * 2 / 3;
    }
}
