package dev.signet.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.testing.ClientKey;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.LogOverHttp;
import dev.signet.testing.PackagedSignet;
import dev.signet.testing.PackagedSignetExtension;
import dev.signet.testing.TestOidcIssuer;
import dev.signet.testing.TestOidcIssuerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on the packaged Signet while issuances wait on a long log pool period or on a slow issuer
 * (discovery and JWKS): readiness answers DOWN during the shutdown delay while requests are served, every
 * issuance in flight completes (the log closes only after they drained), the process exits, and the
 * log reopens with every returned SCT in it. Without the drain ({@code quarkus.shutdown.timeout}
 * unset) the slow requests fail.
 */
@Tag("packaged")
@ExtendWith({TestOidcIssuerExtension.class, PackagedSignetExtension.class})
class GracefulShutdownIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "shutdown@example.com";
    private static final int IN_FLIGHT = 6;

    @TempDir
    Path temp;

    @Test
    void sigtermDrainsIssuancesThenClosesTheLog(TestOidcIssuer issuer, TestOidcIssuer slowIssuer,
            PackagedSignetExtension.Launcher signets) throws Exception {
        Path identity = temp.resolve("identity.json");
        ObjectNode config = JSON.createObjectNode();
        ObjectNode issuers = config.putObject("OIDCIssuers");
        for (TestOidcIssuer configured : List.of(issuer, slowIssuer)) {
            issuers.putObject(configured.url()).put("IssuerURL", configured.url()).put("ClientID", "sigstore")
                    .put("Type", "email");
        }
        Files.writeString(identity, config.toString());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("signet.data-dir", temp.resolve("data").toString());
        properties.put("signet.identity.config", identity.toString());
        properties.put("signet.ctlog.embedded.period", "3s");
        properties.put("quarkus.shutdown.delay", "2s");
        properties.put("quarkus.shutdown.timeout", "20s");
        properties.put("signet.oidc.fetch-timeout", "20s");

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> issuances = new ArrayList<>();
        String body = requestBody(issuer);
        PackagedSignet signet = signets.startReady("before-sigterm", properties);
        URI ready = URI.create(signet.managementUrl() + "/q/health/ready");
        String readyBody;
        List<Integer> readinessDuringDelay = new ArrayList<>();
        AtomicReference<String> downBody = new AtomicReference<>();
        try {
            // Warm up (discovery, JWKS, JIT).
            assertEquals(200, issue(client, signet, body).join().statusCode());
            // Half the requests wait on the log's 3 s pool; the other half carry a token of a second
            // issuer, never fetched before (so no refresh interval holds its fetch back), whose
            // discovery and keys are dribbled: they reach the log only after the shutdown delay, and
            // succeed only if the log stays open until they drain.
            slowIssuer.dribble(Duration.ofMillis(100));
            String slowBody = requestBody(slowIssuer);
            for (int i = 0; i < IN_FLIGHT; i++) {
                issuances.add(issue(client, signet, i % 2 == 0 ? body : slowBody));
            }
            // The slow half is in flight once Signet reads the dribbled discovery.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> slowIssuer.dribbledChunks() > 0);
            signet.process().destroy();

            // Readiness goes DOWN within the 2 s shutdown delay; a request sent then must still succeed.
            HttpRequest readiness = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build();
            Awaitility.await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        HttpResponse<String> probe = client.send(readiness, HttpResponse.BodyHandlers.ofString());
                        readinessDuringDelay.add(probe.statusCode());
                        downBody.set(probe.body());
                        return probe.statusCode() == 503;
                    });
            readyBody = downBody.get();
            assertTrue(readyBody.contains("DOWN"), readinessDuringDelay + " " + readyBody);
            CompletableFuture<HttpResponse<String>> duringDelay = issue(client, signet, slowBody);
            issuances.add(duringDelay);

            for (CompletableFuture<HttpResponse<String>> issuance : issuances) {
                HttpResponse<String> response = issuance.get(40, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body() + "\n" + signet.tail());
            }
            assertTrue(signet.output().contains("Waiting for HTTP requests to complete"), signet.tail());
            OptionalInt exit = signet.awaitExit(Duration.ofSeconds(40));
            assertTrue(exit.isPresent(), "Signet still runs 40 s after SIGTERM:\n" + signet.tail());
            assertEquals(143, exit.getAsInt(), "exit status of a JVM stopped by SIGTERM\n" + signet.tail());
            assertTrue(signet.output().contains("closed at tree size " + (IN_FLIGHT + 2)), signet.tail());
        } finally {
            signet.close();
        }

        properties.put("signet.ctlog.embedded.period", "50ms");
        try (PackagedSignet reopened = signets.startReady("after-sigterm", properties)) {
            LogOverHttp log = LogOverHttp.connect(reopened.baseUrl());
            LogOverHttp.TreeHead sth = log.sth();
            assertEquals(IN_FLIGHT + 2, sth.size(), "warm-up, in-flight and during-delay certificates");
            for (CompletableFuture<HttpResponse<String>> issuance : issuances) {
                List<X509Certificate> chain = new ArrayList<>();
                JSON.readTree(issuance.join().body()).at("/signedCertificateEmbeddedSct/chain/certificates")
                        .forEach(pem -> chain.addAll(LeafAssertions.parsePem(pem.asText())));
                log.assertEmbeddedSct(chain.get(0), chain.get(1), sth);
            }
        }
    }

    private static CompletableFuture<HttpResponse<String>> issue(HttpClient client, PackagedSignet signet,
            String body) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(signet.baseUrl() + "/api/v2/signingCert"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(40))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String requestBody(TestOidcIssuer issuer) {
        ClientKey key = ClientKey.ec("secp256r1");
        ObjectNode request = JSON.createObjectNode();
        request.putObject("credentials").put("oidcIdentityToken",
                issuer.token().email(EMAIL).emailVerified(true).sign());
        ObjectNode keyRequest = request.putObject("publicKeyRequest");
        keyRequest.putObject("publicKey").put("algorithm", "ECDSA").put("content", key.publicKeyPem());
        keyRequest.put("proofOfPossession", key.proof(EMAIL));
        return request.toString();
    }
}
