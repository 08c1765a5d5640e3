package dev.signet.ctlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ctlog.embedded.LogBackend;
import dev.signet.testing.LogOverHttp.TreeHead;
import dev.signet.testing.LogOverHttp;
import dev.signet.testing.PackagedSignet;
import dev.signet.testing.SigningCertClient;
import dev.signet.testing.PostgresDatabase;
import dev.signet.testing.TestOidcIssuer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The crash rules of docs/ctlog.md, against the packaged service: certificates are issued by
 * concurrent clients while a monitor records every checkpoint; the Signet JVM is killed with
 * SIGKILL mid-load and restarted on the same data directory (same CA, same log; for the postgresql
 * storage, the same schema). Every
 * certificate ever returned must then carry a valid SCT for an entry provably in the final tree,
 * and every tree head seen before any kill must be a prefix of the final tree.
 *
 * <p>Defaults keep one kill and a short run; {@code -Dcrash.rounds=10 -Dcrash.seconds=10
 * -Dcrash.clients=16} runs longer.
 */
@Tag("packaged")
class CrashConsistencyIT {
    private static final int ROUNDS = Integer.getInteger("crash.rounds", 1);
    private static final Duration PHASE = Duration.ofMillis(
            (long) (Double.parseDouble(System.getProperty("crash.seconds", "4")) * 1000));
    private static final int CLIENTS = Integer.getInteger("crash.clients", 8);
    private static final int MAX_PER_PHASE = Integer.getInteger("crash.max-certs", 5000);
    /** Certificates that must have come back before a kill, so the kill lands on a log under load. */
    private static final int BEFORE_KILL = Integer.getInteger("crash.before-kill", 20);
    private static final Duration FIRST_CERTIFICATES_LIMIT = Duration.ofSeconds(60);
    private static final String EMAIL = "crash@example.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    /** One certificate a client got back, and which Signet life gave it. */
    record Issued(int life, List<X509Certificate> chain) {
    }

    /** A verified tree head a monitor saw, and which Signet life served it. */
    record Seen(int life, TreeHead head) {
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void everyReturnedSctIsInTheLogAfterKillNine(LogBackend backend) throws Exception {
        String schema = null;
        try (TestOidcIssuer issuer = new TestOidcIssuer().start()) {
            Path identity = temp.resolve("identity.json");
            Files.writeString(identity, issuer.identityConfigJson("sigstore", "email"));
            Path logs = temp.resolve("logs");
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("signet.data-dir", temp.resolve("data").toString());
            properties.put("signet.identity.config", identity.toString());
            properties.put("signet.ctlog.embedded.period", "50ms");
            if (backend == LogBackend.POSTGRESQL) {
                PostgresDatabase.assumeAvailable();
                schema = PostgresDatabase.createSchema();
                properties.putAll(PostgresDatabase.sharedLogProperties(schema, temp.resolve("log-key"),
                        "https://signet.crash.test"));
            }

            List<Issued> issued = Collections.synchronizedList(new ArrayList<>());
            List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
            List<Throwable> problems = Collections.synchronizedList(new ArrayList<>());

            int recoveredFlushes = 0;
            PackagedSignet signet = PackagedSignet.startReady(logs, "life-0", properties);
            try {
                LogOverHttp log = LogOverHttp.connect(signet.baseUrl());
                List<String> trustBundle = trustBundle(signet);
                if (backend == LogBackend.LOCAL) {
                    assertSecondInstanceRefused(logs, properties);
                }

                for (int life = 0; life < ROUNDS; life++) {
                    Load load = new Load(life, signet, log, issuer, issued, seen, problems).start();
                    // A fresh JVM on a busy machine can take long for its first certificates; the kill waits for them.
                    load.awaitIssued(BEFORE_KILL, FIRST_CERTIFICATES_LIMIT);
                    assertTrue(load.issued() >= BEFORE_KILL, "only " + load.issued() + " certificates within "
                            + FIRST_CERTIFICATES_LIMIT + "; problems: " + problems);
                    // A random extra delay so kills land at different points of the pool/flush cycle.
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.max(2, PHASE.toMillis() / 2)));
                    load.expectFailures();
                    signet.kill();
                    assertFalse(signet.osProcessAlive(), "pid " + signet.pid() + " is gone after SIGKILL");
                    assertEquals(137, signet.process().exitValue(), "killed by signal 9");
                    load.stop();

                    signet = PackagedSignet.startReady(logs, "life-" + (life + 1), properties);
                    if (signet.output().contains("re-applied the staged tiles")) {
                        // The kill fell between the checkpoint CAS and publication: recovery finished the flush.
                        recoveredFlushes++;
                    }
                    log = log.at(signet.baseUrl());
                    assertEquals(trustBundle, trustBundle(signet), "the generated CA survived the kill");
                }

                Load last = new Load(ROUNDS, signet, log, issuer, issued, seen, problems).start();
                last.awaitIssued(BEFORE_KILL, FIRST_CERTIFICATES_LIMIT);
                last.awaitIssued(MAX_PER_PHASE, PHASE);
                last.stop();
                assertTrue(last.issued() > 0, "the restarted Signet issues certificates");

                assertEquals(List.of(), problems, "no unexpected failure during the load");
                verify(log, issued, seen);
                System.out.printf("crash test: %d of %d restarts re-applied a committed but unpublished flush%n",
                        recoveredFlushes, ROUNDS);
            } finally {
                signet.close();
            }
        } finally {
            if (schema != null) {
                PostgresDatabase.dropSchema(schema);
            }
        }
    }

    private static void verify(LogOverHttp log, List<Issued> issued, List<Seen> seen) throws Exception {
        TreeHead finalSth = log.sth();
        TreeHead finalCheckpoint = log.checkpoint();
        log.assertConsistent(finalSth, finalCheckpoint);
        assertEquals(finalSth.size(), finalCheckpoint.size(), "idle log: checkpoint and STH agree");

        // Tree heads in the order the monitors saw them, across every life: never backwards.
        TreeHead previous = null;
        for (Seen each : seen) {
            if (previous != null) {
                assertTrue(each.head().size() >= previous.size(), "tree size went backwards: " + previous + " then "
                        + each.head() + " (life " + each.life() + ")");
                assertTrue(each.head().timestamp() >= previous.timestamp(), "tree head time went backwards");
            }
            previous = each.head();
        }
        // Every distinct head, whichever life published it, is a prefix of the final tree.
        Map<Long, TreeHead> distinct = new LinkedHashMap<>();
        for (Seen each : seen) {
            TreeHead other = distinct.putIfAbsent(each.head().size(), each.head());
            if (other != null) {
                log.assertConsistent(other, each.head());
            }
        }
        for (TreeHead head : distinct.values()) {
            log.assertConsistent(head, finalSth);
        }

        Set<BigInteger> serials = new HashSet<>();
        Set<Long> indexes = new HashSet<>();
        for (Issued each : issued) {
            X509Certificate leaf = each.chain().get(0);
            assertTrue(serials.add(leaf.getSerialNumber()), "serial " + leaf.getSerialNumber() + " issued twice");
            long index = log.assertEmbeddedSct(leaf, each.chain().get(1), finalSth);
            assertTrue(indexes.add(index), "two certificates share leaf index " + index);
        }
        long killed = issued.stream().filter(each -> each.life() < ROUNDS).count();
        System.out.printf("crash test: %d lives, %d certificates (%d before a kill), %d tree heads seen "
                + "(%d distinct), final tree size %d%n", ROUNDS + 1, issued.size(), killed, seen.size(),
                distinct.size(), finalSth.size());
        assertTrue(finalSth.size() >= issued.size(), "the tree holds at least every returned certificate");
    }

    /** A second Signet on the same data directory must stop, naming the log lock. */
    private static void assertSecondInstanceRefused(Path logs, Map<String, String> properties) throws Exception {
        PackagedSignet second = PackagedSignet.launch(logs, "second-instance", properties);
        try {
            OptionalInt exit = second.awaitExit(Duration.ofSeconds(90));
            assertTrue(exit.isPresent(), "a second Signet on the same data directory kept running:\n" + second.tail());
            assertNotEquals(0, exit.getAsInt(), "second instance exit code");
            assertTrue(second.output().contains("another process holds the log lock"),
                    "the second instance says why it stopped:\n" + second.tail());
        } finally {
            second.kill();
        }
    }

    private static List<String> trustBundle(PackagedSignet signet) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(signet.baseUrl() + "/api/v2/trustBundle")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        List<String> pems = new ArrayList<>();
        JSON.readTree(response.body()).at("/chains/0/certificates").forEach(node -> pems.add(node.asText()));
        assertFalse(pems.isEmpty());
        return pems;
    }

    /** Client threads issuing certificates and a monitor thread reading checkpoints, for one Signet life. */
    private static final class Load {
        private final int life;
        private final PackagedSignet signet;
        private final LogOverHttp log;
        private final TestOidcIssuer issuer;
        private final List<Issued> issued;
        private final List<Seen> seen;
        private final List<Throwable> problems;
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final AtomicInteger count = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stopping;
        private volatile boolean killing;

        Load(int life, PackagedSignet signet, LogOverHttp log, TestOidcIssuer issuer, List<Issued> issued,
                List<Seen> seen, List<Throwable> problems) {
            this.life = life;
            this.signet = signet;
            this.log = log;
            this.issuer = issuer;
            this.issued = issued;
            this.seen = seen;
            this.problems = problems;
        }

        Load start() {
            for (int i = 0; i < CLIENTS; i++) {
                threads.add(new Thread(this::issueLoop, "crash-client-" + life + "-" + i));
            }
            threads.add(new Thread(this::monitorLoop, "crash-monitor-" + life));
            threads.forEach(Thread::start);
            return this;
        }

        /** Waits until {@code wanted} certificates came back or {@code limit} passed. */
        void awaitIssued(int wanted, Duration limit) {
            try {
                Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(5)).until(() -> count.get() >= wanted);
            } catch (ConditionTimeoutException e) {
                // The caller asserts on the count, with the problems seen so far.
            }
        }

        /** From now on, broken connections are the kill, not a failure. */
        void expectFailures() {
            killing = true;
        }

        void stop() throws InterruptedException {
            stopping = true;
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(30).toMillis());
                assertFalse(thread.isAlive(), thread.getName() + " did not stop");
            }
        }

        int issued() {
            return count.get();
        }

        private void issueLoop() {
            SigningCertClient certificates = new SigningCertClient(issuer, EMAIL, client);
            while (!stopping && count.get() < MAX_PER_PHASE) {
                try {
                    HttpResponse<String> response = certificates.issue(signet.baseUrl());
                    if (response.statusCode() == 200) {
                        issued.add(new Issued(life, SigningCertClient.chain(response.body())));
                        count.incrementAndGet();
                    } else if (response.statusCode() != 503) {
                        problems.add(new AssertionError("signingCert answered " + response.statusCode() + ": "
                                + response.body()));
                        return;
                    }
                } catch (IOException e) {
                    if (!killing) {
                        problems.add(e);
                    }
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    problems.add(e);
                    return;
                }
            }
        }

        private void monitorLoop() {
            int reads = 0;
            while (!stopping) {
                try {
                    TreeHead head = reads++ % 4 == 0 ? log.sth() : log.checkpoint();
                    seen.add(new Seen(life, head));
                    Thread.sleep(10);
                } catch (IOException e) {
                    if (!killing) {
                        problems.add(e);
                    }
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception | AssertionError e) {
                    problems.add(e);
                    return;
                }
            }
        }
    }
}
