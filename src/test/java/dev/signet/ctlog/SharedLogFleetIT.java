package dev.signet.ctlog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.ca.TestPki;
import dev.signet.ca.file.CaFiles;
import dev.signet.ca.file.GeneratedCa;
import dev.signet.testing.LogOverHttp;
import dev.signet.testing.LogOverHttp.TreeHead;
import dev.signet.testing.PackagedSignet;
import dev.signet.testing.PrivatePostgres;
import dev.signet.testing.SigningCertClient;
import dev.signet.testing.TestOidcIssuer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three packaged Signet replicas on one PostgreSQL log ({@code signet.ctlog.embedded.storage=postgresql}),
 * each with the same CA files and the same log key, on a private cluster the test can crash
 * ({@link PrivatePostgres}). Client threads issue certificates through all three while one monitor
 * per replica records every checkpoint and STH it serves; meanwhile a random replica is killed with
 * SIGKILL and restarted several times, and the database is stopped immediately (a crash) and started
 * again. Afterwards, the rules of issue #20 and of RFC 6962 §3 / the static-ct-api checkpoint:
 * every returned certificate's SCT is proven in the final tree through every replica's RFC 6962 read
 * API, every head any replica served is consistent with the final one and no observer saw its tree
 * shrink, no certificate has two entries, and all replicas serve byte-identical checkpoints (no
 * fork). Before the load, the same precertificate chains sent to two replicas at once get one entry.
 *
 * <p>{@code -Dfleet.kills=3 -Dfleet.clients=3} are the defaults; most of the run is the JVM starts.
 */
@Tag("packaged")
class SharedLogFleetIT {
    private static final int REPLICAS = 3;
    private static final int KILLS = Integer.getInteger("fleet.kills", 3);
    /** Few: each replica's restart (a JVM start) competes with the load for this machine's two cores. */
    private static final int CLIENTS = Integer.getInteger("fleet.clients", 3);
    /** Certificates that must come back between two disruptions, so each one lands on a log under load. */
    private static final int BETWEEN_DISRUPTIONS = Integer.getInteger("fleet.between", 15);
    private static final int DUPLICATE_CHAINS = 6;
    private static final Duration PROGRESS_LIMIT = Duration.ofSeconds(60);
    private static final Duration READINESS_LIMIT = Duration.ofSeconds(60);
    private static final String EMAIL = "fleet@example.com";
    private static final String PUBLIC_URL = "https://signet.example.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @BeforeAll
    static void postgresql() {
        PrivatePostgres.assumeAvailable();
    }

    /** A certificate a client got back, and the replica that issued it. */
    record Issued(int replica, List<X509Certificate> chain) {
    }

    /** A verified tree head one replica's monitor saw. */
    record Seen(int replica, TreeHead head) {
    }

    @Test
    void threeReplicasShareOneLogThroughKillsAndADatabaseCrash() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start();
                TestOidcIssuer issuer = new TestOidcIssuer().start();
                Fleet fleet = new Fleet(postgres, issuer)) {
            long started = System.nanoTime();
            fleet.startAll();
            phase(started, "three replicas ready");
            LogOverHttp monitor = LogOverHttp.connect(fleet.baseUrl(0));
            for (int replica = 1; replica < REPLICAS; replica++) {
                monitor.at(fleet.baseUrl(replica)); // asserts the same log key
            }
            sameChainToTwoReplicasAtOnceGetsOneEntry(fleet);
            phase(started, "one chain to two replicas at once: one entry");

            Load load = new Load(fleet, issuer).start();
            try {
                load.awaitIssuedMore(BETWEEN_DISRUPTIONS);
                for (int kill = 0; kill < KILLS; kill++) {
                    int victim = ThreadLocalRandom.current().nextInt(REPLICAS);
                    fleet.kill(victim);
                    load.awaitIssuedMore(BETWEEN_DISRUPTIONS);
                    fleet.restart(victim);
                    load.awaitIssuedMore(BETWEEN_DISRUPTIONS);
                    phase(started, "replica " + victim + " killed and restarted");
                }
                databaseCrashUnderLoad(postgres, fleet, load);
                load.awaitIssuedMore(BETWEEN_DISRUPTIONS);
                phase(started, "database crashed and back");
            } finally {
                load.stop();
            }
            assertEquals(List.of(), load.problems, "no unexpected failure during the load");
            verify(fleet, load);
            phase(started, "verified");
        }
    }

    private static void phase(long started, String what) {
        System.out.printf("shared log fleet: %5.1f s %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    /**
     * RFC 6962 §4.1: a log may answer a chain it already holds with the SCT it already issued; the
     * issue asks exactly that of a shared log (one entry, found through the database, not per replica).
     */
    private void sameChainToTwoReplicasAtOnceGetsOneEntry(Fleet fleet) throws Exception {
        for (int i = 0; i < DUPLICATE_CHAINS; i++) {
            TestChains.Precert precert = fleet.chains.precert("duplicate-" + i + "@example.com");
            String body = addChainBody(fleet.chains.precertChain(precert));
            int first = i % REPLICAS;
            int second = (i + 1) % REPLICAS;
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<HttpResponse<String>> a =
                    CompletableFuture.supplyAsync(() -> post(fleet, first, go, body));
            CompletableFuture<HttpResponse<String>> b =
                    CompletableFuture.supplyAsync(() -> post(fleet, second, go, body));
            go.countDown();
            HttpResponse<String> one = a.get();
            HttpResponse<String> other = b.get();
            assertEquals(200, one.statusCode(), one.body());
            assertEquals(200, other.statusCode(), other.body());
            JsonNode sctOne = JSON.readTree(one.body());
            JsonNode sctOther = JSON.readTree(other.body());
            assertEquals(sctOne.get("timestamp"), sctOther.get("timestamp"),
                    "one entry, one SCT timestamp: " + one.body()
                            + " vs " + other.body());
            assertEquals(sctOne.get("extensions"), sctOther.get("extensions"), "one entry, one leaf index");
            HttpResponse<String> later = post(fleet, (i + 2) % REPLICAS, new CountDownLatch(0), body);
            assertEquals(200, later.statusCode(), later.body());
            assertEquals(sctOne.get("extensions"), JSON.readTree(later.body()).get("extensions"),
                    "the third replica answers the existing entry too");
        }
    }

    private static HttpResponse<String> post(Fleet fleet, int replica, CountDownLatch go, String body) {
        try {
            go.await();
            return fleet.http.send(
                    HttpRequest.newBuilder(URI.create(fleet.baseUrl(replica) + "/log/ct/v1/add-pre-chain"))
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String addChainBody(List<byte[]> chain) {
        ObjectNode body = JSON.createObjectNode();
        var array = body.putArray("chain");
        chain.forEach(der -> array.add(Base64.getEncoder().encodeToString(der)));
        return body.toString();
    }

    /**
     * The database crashes under load: every replica must report not ready (no certificate can be
     * logged) and answer 503 rather than hang or fail otherwise; once it is back, every replica is ready
     * again by itself and issues certificates.
     */
    private static void databaseCrashUnderLoad(PrivatePostgres postgres, Fleet fleet, Load load) throws Exception {
        load.turbulent = true;
        postgres.stopImmediately();
        int unavailableBefore = load.unavailable.get();
        for (int replica = 0; replica < REPLICAS; replica++) {
            int each = replica;
            await("replica " + replica + " not ready while the database is down").atMost(READINESS_LIMIT)
                    .pollInterval(Duration.ofMillis(200)).until(() -> fleet.readiness(each) == 503);
        }
        try {
            await("503 answers while the database is down").atMost(READINESS_LIMIT)
                    .until(() -> load.unavailable.get() > unavailableBefore || !load.problems.isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no 503 while the database was down; broken requests: " + load.broken, e);
        }
        assertEquals(List.of(), load.problems, "no unexpected failure while the database is down");
        postgres.startAgain();
        for (int replica = 0; replica < REPLICAS; replica++) {
            int each = replica;
            await("replica " + replica + " ready again after the database returned").atMost(READINESS_LIMIT)
                    .pollInterval(Duration.ofMillis(200)).until(() -> fleet.readiness(each) == 200);
        }
        load.awaitIssuedMore(BETWEEN_DISRUPTIONS);
        load.turbulent = false;
    }

    private static void verify(Fleet fleet, Load load) throws Exception {
        // All replicas converge on one checkpoint, byte for byte: no fork, and the same bytes for the same path.
        await("every replica serves the same checkpoint").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> fleet.checkpointBytes().size() == 1);
        List<LogOverHttp> readers = new ArrayList<>();
        for (int replica = 0; replica < REPLICAS; replica++) {
            readers.add(LogOverHttp.connect(fleet.baseUrl(replica)));
        }
        TreeHead last = readers.get(0).checkpoint();
        for (LogOverHttp reader : readers) {
            TreeHead sth = reader.sth();
            assertEquals(last.size(), sth.size(), "get-sth and the checkpoint agree on an idle log");
            assertArrayEquals(last.root(), sth.root());
        }

        // Per observer (the monitor of one replica slot, across its restarts), the tree never shrinks.
        Map<Integer, TreeHead> previous = new HashMap<>();
        for (Seen seen : load.seen) {
            TreeHead before = previous.put(seen.replica(), seen.head());
            if (before != null) {
                assertTrue(seen.head().size() >= before.size(), "replica " + seen.replica()
                        + " served a smaller tree: " + before + " then " + seen.head());
            }
        }
        // Every head any replica served is a prefix of the final tree: one root per size, consistency proofs.
        Map<Long, TreeHead> distinct = new LinkedHashMap<>();
        for (Seen seen : load.seen) {
            TreeHead other = distinct.putIfAbsent(seen.head().size(), seen.head());
            if (other != null) {
                assertArrayEquals(other.root(), seen.head().root(), "two roots for size " + other.size() + " (a fork)");
            }
        }
        int turn = 0;
        for (TreeHead head : distinct.values()) {
            readers.get(turn++ % REPLICAS).assertConsistent(head, last);
        }

        // Every returned certificate's SCT, proven through every replica's read API; no two share an entry.
        Set<BigInteger> serials = new HashSet<>();
        Set<Long> indexes = new HashSet<>();
        for (Issued issued : load.issued) {
            X509Certificate leaf = issued.chain().get(0);
            assertTrue(serials.add(leaf.getSerialNumber()), "serial " + leaf.getSerialNumber() + " returned twice");
            long index = -1;
            for (LogOverHttp reader : readers) {
                long proven = reader.assertEmbeddedSct(leaf, issued.chain().get(1), last);
                assertTrue(index < 0 || index == proven, "the replicas agree on the entry");
                index = proven;
            }
            assertTrue(indexes.add(index), "two certificates share leaf index " + index);
        }
        assertNoEntryTwice(fleet, last.size());
        System.out.printf("shared log fleet: %d certificates (%d from each replica: %s), %d kills, %d heads seen "
                + "(%d distinct), %d 503 answers, broken requests %s, final tree size %d%n", load.issued.size(),
                REPLICAS,
                load.perReplica(), KILLS, load.seen.size(), distinct.size(), load.unavailable.get(), load.broken,
                last.size());
        assertTrue(last.size() >= load.issued.size() + DUPLICATE_CHAINS, "the tree holds every returned certificate");
    }

    /**
     * Reads the whole log with {@code get-entries} and asserts no certificate is in it twice: each
     * entry's identity is its {@code MerkleTreeLeaf} without the timestamp and extensions (RFC 6962
     * §3.4: entry type, issuer key hash and TBS for a precertificate, the certificate otherwise).
     */
    private static void assertNoEntryTwice(Fleet fleet, long size) throws Exception {
        Set<String> identities = new HashSet<>();
        long start = 0;
        while (start < size) {
            int replica = (int) (start % REPLICAS);
            JsonNode entries = JSON.readTree(fleet.get(replica, "/log/ct/v1/get-entries?start=" + start + "&end="
                    + (size - 1))).get("entries");
            assertFalse(entries.isEmpty(), "get-entries from " + start);
            for (JsonNode entry : entries) {
                byte[] leaf = Base64.getDecoder().decode(entry.get("leaf_input").asText());
                byte[] identity = Arrays.copyOfRange(leaf, 10, entryEnd(leaf));
                String digest =
                        Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(identity));
                assertTrue(identities.add(digest), "entry " + start + " is a certificate already in the log");
                start++;
            }
        }
    }

    /** Where a {@code TimestampedEntry}'s extensions start: after the 24-bit-length certificate or TBS. */
    private static int entryEnd(byte[] leaf) {
        int entryType = ((leaf[10] & 0xff) << 8) | (leaf[11] & 0xff);
        int at = 12 + (entryType == 1 ? 32 : 0);
        int length = ((leaf[at] & 0xff) << 16) | ((leaf[at + 1] & 0xff) << 8) | (leaf[at + 2] & 0xff);
        return at + 3 + length;
    }

    /** The three replicas: their settings, the process each slot runs now, and the ones killed. */
    private final class Fleet implements AutoCloseable {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final TestChains chains = new TestChains("Fleet Test Root");
        private final AtomicReferenceArray<PackagedSignet> replicas = new AtomicReferenceArray<>(REPLICAS);
        private final Set<Long> killed = ConcurrentHashMap.newKeySet();
        private final List<Map<String, String>> properties = new ArrayList<>();
        /** Under target/, not the temporary directory: the replicas' logs outlive a failed run. */
        private final Path logs = Path.of("target", "shared-log-fleet");
        private final AtomicInteger lives = new AtomicInteger();

        Fleet(PrivatePostgres postgres, TestOidcIssuer issuer) throws Exception {
            try (var old = Files.walk(logs)) {
                for (Path file : (Iterable<Path>) old.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            } catch (java.nio.file.NoSuchFileException first) {
                // the first run here
            }
            // One CA and one log key for all: the files a Kubernetes Secret would mount into every replica.
            CaFiles ca = GeneratedCa.ensure(temp.resolve("ca"), Clock.systemUTC());
            Path logKey = temp.resolve("log-key.pem");
            Files.write(logKey, TestPki.unencryptedPkcs8Pem(TestPki.keyPair("P-256").getPrivate()));
            Path identity = temp.resolve("identity.json");
            Files.writeString(identity, issuer.identityConfigJson("sigstore", "email"));
            Path roots = temp.resolve("roots.pem");
            Files.write(roots, TestPki.certificatesPem(List.of(chains.root())));
            for (int replica = 0; replica < REPLICAS; replica++) {
                Map<String, String> each = new LinkedHashMap<>();
                each.put("signet.data-dir", temp.resolve("data-" + replica).toString());
                each.put("signet.public-url", PUBLIC_URL);
                each.put("signet.identity.config", identity.toString());
                each.put("signet.ca.file.cert", ca.chain().toString());
                each.put("signet.ca.file.key", ca.key().toString());
                each.put("signet.ca.file.password", new String(ca.password()));
                each.put("signet.ctlog.embedded.storage", "postgresql");
                each.put("signet.ctlog.embedded.postgresql.url", postgres.jdbcUrl());
                each.put("signet.ctlog.embedded.postgresql.user", PrivatePostgres.USER);
                each.put("signet.ctlog.embedded.key", logKey.toString());
                each.put("signet.ctlog.embedded.roots", roots.toString());
                each.put("signet.ctlog.embedded.period", "50ms");
                properties.add(each);
            }
        }

        /** The first replica alone (it migrates the schema), then the other two at once. */
        void startAll() throws Exception {
            start(0);
            List<CompletableFuture<Void>> others = new ArrayList<>();
            for (int replica = 1; replica < REPLICAS; replica++) {
                int each = replica;
                others.add(CompletableFuture.runAsync(() -> {
                    try {
                        start(each);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get();
        }

        private void start(int replica) throws Exception {
            replicas.set(replica, PackagedSignet.startReady(logs, "replica-" + replica + "-life-"
                    + lives.incrementAndGet(), properties.get(replica)));
        }

        void kill(int replica) throws InterruptedException {
            PackagedSignet signet = replicas.get(replica);
            killed.add(signet.pid());
            signet.kill();
            assertEquals(137, signet.process().exitValue(), "replica " + replica + " killed by signal 9");
        }

        void restart(int replica) throws Exception {
            start(replica);
        }

        /** Whether the process behind this replica slot was killed on purpose (its broken requests are expected). */
        boolean wasKilled(PackagedSignet signet) {
            return killed.contains(signet.pid());
        }

        PackagedSignet replica(int replica) {
            return replicas.get(replica);
        }

        String baseUrl(int replica) {
            return replicas.get(replica).baseUrl();
        }

        int readiness(int replica) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(replicas.get(replica).managementUrl()
                        + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        String get(int replica, String path) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl(replica) + path))
                    .timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, response.statusCode(), path + " on replica " + replica + ": " + response.body());
            return response.body();
        }

        /** The distinct checkpoint bodies the replicas serve now. */
        Set<String> checkpointBytes() throws Exception {
            Set<String> bodies = new HashSet<>();
            for (int replica = 0; replica < REPLICAS; replica++) {
                bodies.add(get(replica, "/log/checkpoint"));
            }
            return bodies;
        }

        @Override
        public void close() throws InterruptedException {
            for (int replica = 0; replica < REPLICAS; replica++) {
                PackagedSignet signet = replicas.get(replica);
                if (signet != null) {
                    signet.close();
                }
            }
        }
    }

    /** Client threads issuing through every replica in turn, and one monitor per replica reading its heads. */
    private static final class Load {
        final List<Issued> issued = Collections.synchronizedList(new ArrayList<>());
        final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> problems = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger unavailable = new AtomicInteger();
        /** Expected broken requests (a killed replica, the database down), by exception, for the summary. */
        final Map<String, Integer> broken = new ConcurrentHashMap<>();
        /** While the database is down or the fleet reconnects: failed reads and broken connections are expected. */
        volatile boolean turbulent;
        private final Fleet fleet;
        private final TestOidcIssuer issuer;
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stopping;

        Load(Fleet fleet, TestOidcIssuer issuer) {
            this.fleet = fleet;
            this.issuer = issuer;
        }

        Load start() {
            for (int i = 0; i < CLIENTS; i++) {
                int first = i;
                threads.add(new Thread(() -> issueLoop(first), "fleet-client-" + i));
            }
            for (int replica = 0; replica < REPLICAS; replica++) {
                int each = replica;
                threads.add(new Thread(() -> monitorLoop(each), "fleet-monitor-" + replica));
            }
            threads.forEach(Thread::start);
            return this;
        }

        /** Waits for {@code more} certificates than now; fails (with the problems so far) after a minute. */
        void awaitIssuedMore(int more) {
            int target = issued.size() + more;
            await(target + " certificates (problems so far: " + problems + ")").atMost(PROGRESS_LIMIT)
                    .pollInterval(Duration.ofMillis(20)).until(() -> issued.size() >= target || !problems.isEmpty());
            assertEquals(List.of(), problems, "no unexpected failure during the load");
        }

        void stop() throws InterruptedException {
            stopping = true;
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(40).toMillis());
                assertFalse(thread.isAlive(), thread.getName() + " did not stop");
            }
        }

        Map<Integer, Long> perReplica() {
            Map<Integer, Long> counts = new LinkedHashMap<>();
            synchronized (issued) {
                issued.forEach(each -> counts.merge(each.replica(), 1L, Long::sum));
            }
            return counts;
        }

        private void issueLoop(int first) {
            SigningCertClient certificates = new SigningCertClient(issuer, EMAIL, client);
            for (long request = first; !stopping; request++) {
                int replica = (int) (request % REPLICAS);
                PackagedSignet signet = fleet.replica(replica);
                try {
                    HttpResponse<String> response = certificates.issue(signet.baseUrl());
                    if (response.statusCode() == 200) {
                        issued.add(new Issued(replica, SigningCertClient.chain(response.body())));
                    } else if (response.statusCode() == 503) {
                        unavailable.incrementAndGet();
                    } else {
                        problems.add(new AssertionError("replica " + replica + " answered signingCert with "
                                + response.statusCode() + ": " + response.body()));
                        return;
                    }
                } catch (IOException e) {
                    if (!fleet.wasKilled(signet) && !turbulent) {
                        problems.add(new AssertionError("replica " + replica + " (pid " + signet.pid() + "): " + e, e));
                        return;
                    }
                    broken.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    problems.add(e);
                    return;
                }
            }
        }

        private void monitorLoop(int replica) {
            LogOverHttp log = null;
            PackagedSignet reading = null;
            for (int reads = 0; !stopping; reads++) {
                PackagedSignet signet = fleet.replica(replica);
                try {
                    if (signet != reading) {
                        log = LogOverHttp.connect(signet.baseUrl());
                        reading = signet;
                    }
                    TreeHead head = reads % 4 == 0 ? log.sth() : log.checkpoint();
                    seen.add(new Seen(replica, head));
                    pause();
                } catch (IOException e) {
                    if (!fleet.wasKilled(signet) && !turbulent) {
                        problems.add(new AssertionError("monitor of replica " + replica + ": " + e, e));
                        return;
                    }
                    reading = null;
                    pause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception | AssertionError e) {
                    problems.add(e);
                    return;
                }
            }
        }

        /** The monitors' pace: a read every 50 ms per replica, not a wait for a condition. */
        private static void pause() {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
