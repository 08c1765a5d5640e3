package dev.signet.ctlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.ca.file.CaFiles;
import dev.signet.ca.file.GeneratedCa;
import dev.signet.testing.ClientKey;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.LogOverHttp;
import dev.signet.testing.PackagedSignet;
import dev.signet.testing.TestOidcIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out path with real processes: a CA replica ({@code signet.ctlog.type=remote}) logs every
 * certificate in another Signet's embedded log over RFC 6962, verifies the SCTs against that log's
 * key, and fails closed with Fulcio's CT error when the log goes away.
 */
@Tag("packaged")
class RemoteLogFleetIT {
    private static final String EMAIL = "fleet@example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void aReplicaLogsInAnotherSignetsLogAndFailsClosedWithoutIt() throws Exception {
        CaFiles ca = GeneratedCa.ensure(temp.resolve("replica-ca"), Clock.systemUTC());
        List<X509Certificate> caChain = LeafAssertions.parsePem(Files.readString(ca.chain()));
        Path roots = temp.resolve("roots.pem");
        Files.write(roots, Files.readAllBytes(ca.chain()));

        try (TestOidcIssuer issuer = new TestOidcIssuer().start()) {
            Path identity = temp.resolve("identity.json");
            Files.writeString(identity, issuer.identityConfigJson("sigstore", "email"));
            Path logs = temp.resolve("logs");

            Map<String, String> logProperties = new LinkedHashMap<>();
            logProperties.put("signet.data-dir", temp.resolve("log-data").toString());
            logProperties.put("signet.ctlog.embedded.roots", roots.toString());
            logProperties.put("signet.ctlog.embedded.period", "50ms");
            PackagedSignet logServer = PackagedSignet.startReady(logs, "log", logProperties);
            try {
                LogOverHttp log = LogOverHttp.connect(logServer.baseUrl());
                Path logKey = temp.resolve("log-key.pem");
                Files.writeString(logKey, get(logServer.baseUrl() + "/log/public-key"));

                Map<String, String> replicaProperties = new LinkedHashMap<>();
                replicaProperties.put("signet.data-dir", temp.resolve("replica-data").toString());
                replicaProperties.put("signet.identity.config", identity.toString());
                replicaProperties.put("signet.ca.file.cert", ca.chain().toString());
                replicaProperties.put("signet.ca.file.key", ca.key().toString());
                replicaProperties.put("signet.ca.file.password", new String(ca.password()));
                replicaProperties.put("signet.ctlog.type", "remote");
                replicaProperties.put("signet.ctlog.url", logServer.baseUrl() + "/log");
                replicaProperties.put("signet.ctlog.public-key", logKey.toString());
                replicaProperties.put("signet.ctlog.timeout", "3s");
                try (PackagedSignet replica = PackagedSignet.startReady(logs, "replica", replicaProperties)) {
                    JsonNode trustedRoot = JSON.readTree(get(replica.baseUrl() + "/api/v2/trustedRoot"));
                    assertEquals(logServer.baseUrl() + "/log", trustedRoot.at("/ctlogs/0/baseUrl").asText());

                    List<List<X509Certificate>> issued = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        HttpResponse<String> response = issue(replica, issuer);
                        assertEquals(200, response.statusCode(), response.body());
                        List<X509Certificate> chain = new ArrayList<>();
                        JSON.readTree(response.body()).at("/signedCertificateEmbeddedSct/chain/certificates")
                                .forEach(pem -> chain.addAll(LeafAssertions.parsePem(pem.asText())));
                        assertEquals(caChain, chain.subList(1, chain.size()), "issued by the replica's own CA");
                        issued.add(chain);
                    }
                    LogOverHttp.TreeHead sth = log.sth();
                    for (List<X509Certificate> chain : issued) {
                        log.assertEmbeddedSct(chain.get(0), chain.get(1), sth);
                    }

                    logServer.kill();
                    long started = System.nanoTime();
                    HttpResponse<String> failed = issue(replica, issuer);
                    assertEquals(500, failed.statusCode(), failed.body());
                    assertEquals("Error entering certificate in CTL",
                            JSON.readTree(failed.body()).get("message").asText());
                    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(15)) < 0,
                            "failed within the log deadline, not hanging as Fulcio does");
                }
            } finally {
                logServer.close();
            }
        }
    }

    private static HttpResponse<String> issue(PackagedSignet signet, TestOidcIssuer issuer) throws Exception {
        ClientKey key = ClientKey.ec("secp256r1");
        ObjectNode request = JSON.createObjectNode();
        request.putObject("credentials").put("oidcIdentityToken",
                issuer.token().email(EMAIL).emailVerified(true).sign());
        ObjectNode keyRequest = request.putObject("publicKeyRequest");
        keyRequest.putObject("publicKey").put("content", key.publicKeyPem());
        keyRequest.put("proofOfPossession", key.proof(EMAIL));
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(signet.baseUrl() + "/api/v2/signingCert"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }
}
