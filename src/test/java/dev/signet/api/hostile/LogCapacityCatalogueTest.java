package dev.signet.api.hostile;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.AddChainResponse;
import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.TlsReader;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.testing.ClientKey;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Catalogue §G: what outside submissions to the embedded log ({@code add-chain},
 * {@code add-pre-chain}) can take from Signet's own issuance, over HTTP against one running Signet
 * (see {@link LogCapacityTestResource}: a pool of 8, half of it for outside submissions, flushed
 * every 2 s). Each test speaks from its own {@code X-Forwarded-For} address (loopback is a trusted
 * proxy), so the per-address limit of one row never touches another.
 */
@QuarkusTest
@WithTestResource(LogCapacityTestResource.class)
class LogCapacityCatalogueTest {
    static final String EMAIL = "capacity@example.com";
    static final ClientKey KEY = ClientKey.ec("secp256r1");
    private static final Base64.Encoder B64 = Base64.getEncoder();

    @Inject
    ConfiguredLog configured;

    private ExecutorService clients;

    @BeforeEach
    void startClients() {
        clients = Executors.newFixedThreadPool(2 * LogCapacityTestResource.POOL_SIZE);
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void g1_outsideTrafficFillingItsShareOfThePoolLeavesRoomForSignetsOwnCertificates() {
        EmbeddedLog log = configured.log(EmbeddedLog.class).orElseThrow();
        // A certificate first: its answer marks a flush, so the burst below lands early in one period, and the
        // token path is warm, so the second request below reaches the pool within that period too.
        issue();

        int senders = LogCapacityTestResource.POOL_SIZE;
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            bodies.add(body(newChain("g1-flood" + i))); // built here: the test CA's signer is not thread-safe
        }
        List<CompletableFuture<Response>> flood = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            String body = bodies.get(i);
            String address = "192.0.2." + (i + 1);
            flood.add(CompletableFuture.supplyAsync(() -> post("/log/ct/v1/add-pre-chain", body, address), clients));
        }
        // Every outside submission is either pooled or already turned away.
        await().atMost(Duration.ofSeconds(20)).until(
                () -> log.pendingCount() + flood.stream().filter(CompletableFuture::isDone).count() >= senders);

        // The outside share is full, yet a certificate request gets its precertificate into the pool.
        issue();

        int busy = 0;
        for (CompletableFuture<Response> answer : flood) {
            Response response = answer.join();
            if (response.statusCode() == 503) {
                busy++;
                assertEquals("5", response.header("Retry-After"));
                response.then().body("code", equalTo(14))
                        .body("message", equalTo("The transparency log is busy; retry later")).body("details", empty());
            } else {
                assertEquals(200, response.statusCode(), response.asString());
            }
        }
        assertEquals(senders - LogCapacityTestResource.OUTSIDE_SHARE, busy, "outside submissions past their share");
    }

    @Test
    void g2_aChainReplayedFromGetEntriesGetsItsEntrysIndexAndTimestampAndTheTreeDoesNotGrow() {
        // Signet's own precertificate, read back from the log as any outsider can.
        issue();
        long size = Catalogue.treeSize();
        long index = size - 1;
        JsonPath entries = given().queryParam("start", index).queryParam("end", index).get("/log/ct/v1/get-entries")
                .then().statusCode(200).extract().jsonPath();
        byte[] leafInput = Base64.getDecoder().decode(entries.getString("entries[0].leaf_input"));
        byte[] extraData = Base64.getDecoder().decode(entries.getString("entries[0].extra_data"));
        long timestamp = ByteBuffer.wrap(leafInput, 2, 8).getLong();

        for (int replay = 0; replay < 3; replay++) {
            SignedCertificateTimestamp sct = sct(
                    post("/log/ct/v1/add-pre-chain", body(precertChain(extraData)), "198.51.100.2"));
            assertEquals(index, sct.leafIndex());
            assertEquals(timestamp, sct.timestamp());
        }
        assertEquals(size, Catalogue.treeSize(), "a replay added an entry");

        // The same for a chain submitted from outside, and for add-chain.
        List<byte[]> outside = newChain("g2-outside");
        SignedCertificateTimestamp first = sct(post("/log/ct/v1/add-pre-chain", body(outside), "198.51.100.2"));
        SignedCertificateTimestamp again = sct(post("/log/ct/v1/add-pre-chain", body(outside), "198.51.100.3"));
        assertEquals(first.leafIndex(), again.leafIndex());
        assertEquals(first.timestamp(), again.timestamp());
        List<byte[]> certificate = List.of(LogCapacityTestResource.CA.certificate("g2@example.com"),
                LogCapacityTestResource.CA.rootDer());
        SignedCertificateTimestamp logged = sct(post("/log/ct/v1/add-chain", body(certificate), "198.51.100.3"));
        long grown = Catalogue.treeSize();
        SignedCertificateTimestamp replayed = sct(post("/log/ct/v1/add-chain", body(certificate), "198.51.100.3"));
        assertEquals(logged.leafIndex(), replayed.leafIndex());
        assertEquals(logged.timestamp(), replayed.timestamp());
        assertEquals(grown, Catalogue.treeSize(), "a replayed add-chain added an entry");
    }

    @Test
    void g3_theSameChainTwiceWithinOnePoolIsOneEntry() {
        EmbeddedLog log = configured.log(EmbeddedLog.class).orElseThrow();
        addPreChain(newChain("g3-probe"), "203.0.113.1").then().statusCode(200);
        long before = Catalogue.treeSize();
        String body = body(newChain("g3-twice"));
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(
                () -> post("/log/ct/v1/add-pre-chain", body, "203.0.113.2"), clients);
        await().atMost(Duration.ofSeconds(20)).until(() -> log.pendingCount() >= 1 || first.isDone());
        SignedCertificateTimestamp second = sct(post("/log/ct/v1/add-pre-chain", body, "203.0.113.3"));
        SignedCertificateTimestamp pooled = sct(first.join());
        assertEquals(pooled.leafIndex(), second.leafIndex());
        assertEquals(pooled.timestamp(), second.timestamp());
        assertEquals(before + 1, Catalogue.treeSize(), "the two submissions made two entries");
    }

    @Test
    void g4_oneAddressPastItsLogSubmissionLimitGets429WithRetryAfter() {
        String address = "203.0.113.40";
        for (int i = 0; i < LogCapacityTestResource.LOG_BURST; i++) {
            // Each one is counted before its body is read: an unreadable body spends a token too.
            post("/log/ct/v1/add-chain", "{}", address).then().statusCode(400);
        }
        Response refused = post("/log/ct/v1/add-pre-chain", body(newChain("g4-refused")), address);
        refused.then().statusCode(429).contentType("application/json").body("code", equalTo(8))
                .body("message", equalTo("Too many requests; retry later")).body("details", empty());
        assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1, "Retry-After: " + refused.header("Retry-After"));
        long before = Catalogue.treeSize();
        post("/log/ct/v1/add-chain", "{}", address).then().statusCode(429);
        assertEquals(before, Catalogue.treeSize());

        // Another address, the read API and certificate requests from the limited address are not limited.
        post("/log/ct/v1/add-chain", "{}", "203.0.113.41").then().statusCode(400);
        given().header("X-Forwarded-For", address).get("/log/ct/v1/get-sth").then().statusCode(200);
        given().header("X-Forwarded-For", address).contentType("application/json")
                .body(certificateRequest()).post("/api/v2/signingCert").then().statusCode(200);
    }

    /** A v2 certificate request from loopback, which must get its certificate. */
    static void issue() {
        given().contentType("application/json").body(certificateRequest()).post("/api/v2/signingCert").then()
                .statusCode(200).body("signedCertificateEmbeddedSct.chain.certificates", hasSize(2));
    }

    static String certificateRequest() {
        String token = LogCapacityTestResource.ISSUER.token().email(EMAIL).emailVerified(true).sign();
        return "{\"credentials\":{\"oidcIdentityToken\":" + Catalogue.json(token) + "},\"publicKeyRequest\":"
                + "{\"publicKey\":{\"content\":" + Catalogue.json(KEY.publicKeyPem()) + "},\"proofOfPossession\":\""
                + KEY.proof(EMAIL) + "\"}}";
    }

    static List<byte[]> newChain(String name) {
        return LogCapacityTestResource.CA.precertChain(LogCapacityTestResource.CA.precert(name + "@example.com"));
    }

    static Response addPreChain(List<byte[]> chain, String address) {
        return post("/log/ct/v1/add-pre-chain", body(chain), address);
    }

    static Response post(String path, String body, String address) {
        return given().header("X-Forwarded-For", address).contentType("application/json").body(body).post(path);
    }

    static String body(List<byte[]> chain) {
        StringBuilder out = new StringBuilder("{\"chain\":[");
        for (int i = 0; i < chain.size(); i++) {
            out.append(i == 0 ? "\"" : ",\"").append(B64.encodeToString(chain.get(i))).append('"');
        }
        return out.append("]}").toString();
    }

    static SignedCertificateTimestamp sct(Response response) {
        assertEquals(200, response.statusCode(), response.asString());
        return AddChainResponse.parse(response.asByteArray());
    }

    /** The submitted chain of a precert entry from its {@code extra_data} (RFC 6962 PrecertChainEntry). */
    static List<byte[]> precertChain(byte[] extraData) {
        TlsReader reader = new TlsReader(extraData);
        List<byte[]> chain = new ArrayList<>();
        chain.add(reader.vector(3));
        TlsReader issuers = new TlsReader(reader.vector(3));
        while (issuers.hasRemaining()) {
            chain.add(issuers.vector(3));
        }
        reader.requireEnd();
        return chain;
    }
}
