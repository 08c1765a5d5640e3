package dev.signet.api.hostile;

import static dev.signet.api.hostile.Catalogue.EMAIL;
import static dev.signet.api.hostile.Catalogue.KEY;
import static dev.signet.api.hostile.Catalogue.refused;
import static dev.signet.api.hostile.Catalogue.tokenRefused;
import static dev.signet.api.hostile.Catalogue.treeSize;
import static dev.signet.api.hostile.Catalogue.v2;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Catalogue §2 C (issuer, discovery and JWKS), over the v2 REST API against loopback issuers that
 * count every request: SSRF attempts reach nobody, slow issuers are cut at the fetch deadline, and
 * an issuer outage only hurts tokens whose keys are not cached.
 */
@QuarkusTest
@WithTestResource(HostileIssuersTestResource.class)
class IssuerCatalogueTest extends AgainstHostileIssuers {
    static final String UNAVAILABLE = "The identity provider could not be reached; retry later";
    /** The fetch deadline set by the test resource. */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(2);
    /** The minimum refresh interval set by the test resource. */
    static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(1);
    /** Slack for a loaded two-core machine. */
    static final Duration MARGIN = Duration.ofSeconds(4);

    static TestOidcIssuer.TokenBuilder tokenOf(TestOidcIssuer issuer) {
        return issuer.token().email(EMAIL).emailVerified(true);
    }

    static void issues(TestOidcIssuer issuer, TestOidcIssuer.TokenBuilder token) {
        long before = treeSize();
        v2(token.sign()).get().statusCode(200);
        assertEquals(before + 1, treeSize());
    }

    static void unavailable(String token) {
        refused(v2(token), 503, 14, UNAVAILABLE).header("Retry-After",
                org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"));
    }

    @Test
    void c1_unconfiguredIssuersAreNeverContacted() {
        try (TestOidcIssuer stranger = new TestOidcIssuer().start()) {
            for (String iss : List.of(stranger.url(), "http://169.254.169.254/latest/meta-data",
                    "http://127.0.0.1:8180/realms/master", "file:///etc/passwd", "")) {
                tokenRefusedWithoutOutbound(tokenOf(stranger).issuer(iss).sign());
            }
            assertEquals(0, stranger.requestCount());
        }
    }

    @Test
    void c3_redirectsToAnotherHostAreNotFollowed() {
        int before = elsewhere.requestCount();
        tokenRefused(tokenOf(redirecting).sign());
        tokenRefused(tokenOf(jwksRedirecting).sign());
        assertTrue(jwksRedirecting.jwksRequests() > 0, "the JWKS was asked");
        assertEquals(before, elsewhere.requestCount(), "the other host was never asked");
    }

    @Test
    void c4_discoveryNamingAnotherIssuerIsRefused() {
        tokenRefused(tokenOf(misnamed).sign());
        assertEquals(0, misnamed.jwksRequests(), "its keys were never fetched");
    }

    /**
     * Counts, not wall time: the slow issuer writes one 16-byte chunk per 300 ms, so a fetch that
     * failed at once would have read one chunk; one cut by the 2 s deadline has read several, and
     * left the document (hundreds of bytes, seconds of dribbling) unfinished when the answer came.
     */
    @Test
    void c6_slowDiscoveryAndJwksAreCutAtTheDeadline() {
        for (TestOidcIssuer issuer : List.of(slow, slowJwks)) {
            int chunks = slow.dribbledChunks();
            int completed = slow.dribblesCompleted();
            unavailable(tokenOf(issuer).sign());
            assertEquals(completed, slow.dribblesCompleted(), "the answer came before the document was whole");
            assertTrue(slow.dribbledChunks() - chunks >= 2,
                    "the deadline, not an early failure, ended it: " + (slow.dribbledChunks() - chunks)
                            + " chunks read");
        }
        assertEquals(1, slowJwks.discoveryRequests(), "discovery answered at once");
    }

    /** Order, not wall time: the cached issuer's certificate comes while every slow request is still held. */
    @Test
    void c6_whileASlowIssuersKeysAreFetchedOtherIdentitiesStillGetCertificates() throws Exception {
        issues(email, tokenOf(email));
        int waiting = 8; // four times the signing threads of a two-core machine
        int fetchesBefore = held.requestCount();
        ExecutorService clients = Executors.newFixedThreadPool(waiting);
        try {
            List<Future<?>> requests = new ArrayList<>();
            for (int i = 0; i < waiting; i++) {
                // The log grows meanwhile (the cached issuer's certificate), so only the answer is checked here.
                requests.add(clients.submit(() -> v2(tokenOf(held).sign()).get()
                        .statusCode(503).body("message", org.hamcrest.Matchers.equalTo(UNAVAILABLE))));
            }
            await().atMost(FETCH_TIMEOUT.plus(MARGIN)).until(() -> held.requestCount() > fetchesBefore);
            issues(email, tokenOf(email));
            assertTrue(requests.stream().noneMatch(Future::isDone),
                    "a certificate for a cached issuer came while the slow fetch still held its requests");
            for (Future<?> request : requests) {
                request.get(FETCH_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void c7_oversizedJwksIsRefused() {
        tokenRefused(tokenOf(bloated).sign());
        assertEquals(1, bloated.jwksRequests());
    }

    @Test
    void c8_tokenWithoutKidIsCheckedAgainstTheIssuersKeysOnly() {
        TestOidcIssuer issuer = email;
        try (TestOidcIssuer attacker = new TestOidcIssuer().start()) {
            tokenRefused(tokenOf(issuer).noKid().signWith(attacker.rsaKey().getPrivateKey()).sign());
            assertEquals(0, attacker.requestCount());
        }
        issues(issuer, tokenOf(issuer).noKid());
    }

    @Test
    void c9_floodOfUnknownKidsCausesBoundedRefreshes() {
        issues(flood, tokenOf(flood));
        int before = flood.jwksRequests();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            tokenRefused(tokenOf(flood).kid(UUID.randomUUID().toString()).sign());
        }
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        int refreshes = flood.jwksRequests() - before;
        assertTrue(refreshes <= seconds + 1, refreshes + " JWKS fetches in " + seconds + " s for 20 unknown kids");
    }

    @Test
    void c10_manyBogusIssuersLeaveNoTraceInCachesOrMetrics() throws Exception {
        Catalogue.Outbound outbound = outbound();
        long before = treeSize();
        HttpClient client = HttpClient.newHttpClient();
        URI endpoint = URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v2/signingCert");
        String header = Catalogue.b64url("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}");
        for (int i = 0; i < 1000; i++) {
            // Unknown issuers are refused before any signature work, so the signature need not be real.
            String claims = Catalogue.b64url("{\"iss\":\"https://bogus-" + i + ".example/issuer\",\"aud\":\"sigstore\","
                    + "\"sub\":\"s\",\"exp\":" + (System.currentTimeMillis() / 1000 + 300) + ",\"email\":\"" + EMAIL
                    + "\",\"email_verified\":true}");
            String body = "{\"credentials\":{\"oidcIdentityToken\":\"" + header + "." + claims + ".c2ln\"},"
                    + "\"publicKeyRequest\":{\"publicKey\":{\"content\":" + Catalogue.json(KEY.publicKeyPem())
                    + "},\"proofOfPossession\":\"AA==\"}}";
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode());
            assertTrue(response.body().contains(Catalogue.TOKEN_ERROR), response.body());
        }
        outbound.assertNone();
        assertEquals(before, treeSize());
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        String metrics = given().get("http://127.0.0.1:" + port + "/q/metrics").then().statusCode(200)
                .extract().asString();
        assertFalse(metrics.contains("bogus-"), "an unverified issuer became a metric label");
    }

    @Test
    void c11_outageWithCachedKeysKeepsIssuingAndAnUnknownKidGets503() {
        issues(outage, tokenOf(outage));
        outage.setDown(true);
        try {
            // Unknown kids until one really asks the (down) issuer, once the refresh interval allows it
            // (within the interval an unknown kid is a plain token error, 400), and gets 503.
            int asked = outage.requestCount();
            await().atMost(MIN_REFRESH_INTERVAL.plus(MARGIN)).pollInterval(Duration.ofMillis(100))
                    .until(() -> v2(tokenOf(outage).kid("rotated-probe").sign()).get().extract().statusCode() == 503);
            assertTrue(outage.requestCount() > asked, "the 503 came from asking the down issuer");
            issues(outage, tokenOf(outage));
            issues(outage, tokenOf(outage).algorithm("ES256"));
            int before = outage.requestCount();
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                unavailable(tokenOf(outage).kid("rotated-" + i).sign());
            }
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            int fetches = outage.requestCount() - before;
            assertTrue(fetches <= 2 * (seconds + 1),
                    fetches + " fetches in " + seconds + " s: the issuer was hammered");
            issues(outage, tokenOf(outage));
        } finally {
            outage.setDown(false);
        }
    }

    @Test
    void c12_cyclingMetaIssuersNeverEvictsAStaticIssuersKeys() {
        issues(steady, tokenOf(steady));
        int before = steady.requestCount();
        // More distinct meta issuers than the 100 a key cache holds; each one's discovery is refused unfetched.
        for (int i = 0; i < 120; i++) {
            String iss = HostileIssuersTestResource.META_PATTERN.replace("*", "m" + UUID.randomUUID().toString());
            tokenRefused(tokenOf(steady).issuer(iss).sign());
        }
        issues(steady, tokenOf(steady));
        assertEquals(before, steady.requestCount(), "the static issuer's discovery or JWKS was fetched again");
    }
}
