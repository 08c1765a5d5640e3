package dev.signet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Requests waiting for the log hold no worker thread: with 4 workers and a 200 ms pool period, 400
 * signingCert requests in flight all succeed, and more than 4 of them wait in one pool at once.
 */
@QuarkusTest
@TestProfile(ConcurrentIssuanceTest.FewWorkers.class)
@WithTestResource(OidcIssuersTestResource.class)
class ConcurrentIssuanceTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    private static final int WORKERS = 4;
    private static final int IN_FLIGHT = 400;

    /** A worker pool far smaller than the number of requests in flight. */
    public static class FewWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.thread-pool.max-threads", String.valueOf(WORKERS),
                    "quarkus.thread-pool.core-threads", "1",
                    "signet.ctlog.embedded.period", "200ms");
        }
    }

    @Inject
    ConfiguredLog logs;

    @TestHTTPResource("/api/v2/signingCert")
    URI signingCert;

    @Test
    void fourHundredRequestsInFlightAllSucceedWithFourWorkers() throws Exception {
        EmbeddedLog log = logs.log(EmbeddedLog.class).orElseThrow();
        long sizeBefore = log.treeSize();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            bodies.add(LogModes.v2Body(issuer, ClientKey.ec("secp256r1")));
        }
        AtomicInteger deepestPool = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                deepestPool.accumulateAndGet(log.pendingCount(), Math::max);
                LockSupport.parkNanos(200_000);
            }
        });
        sampler.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        try {
            for (String body : bodies) {
                responses.add(client.sendAsync(HttpRequest.newBuilder(signingCert)
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                HttpResponse<String> answer = response.get(180, TimeUnit.SECONDS);
                assertEquals(200, answer.statusCode(), answer.body());
                assertTrue(answer.body().contains("signedCertificateEmbeddedSct"), answer.body());
            }
        } finally {
            sampling.set(false);
            sampler.join();
        }
        assertEquals(sizeBefore + IN_FLIGHT, log.treeSize());
        // A blocking path could never have more submissions waiting than it has workers.
        assertTrue(deepestPool.get() > WORKERS, "deepest pool: " + deepestPool.get());
    }
}
