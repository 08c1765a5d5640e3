package dev.signet.ctlog.embedded.postgresql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.CtCertificates;
import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.Merkle;
import dev.signet.ctlog.SctVerifier;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.SignedTreeHead;
import dev.signet.ctlog.TestChains;
import dev.signet.ctlog.TimestampedEntry;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.ctlog.embedded.EmbeddedLogOptions;
import dev.signet.ctlog.embedded.LogEntry;
import dev.signet.ctlog.embedded.LogKeys;
import dev.signet.ctlog.embedded.TilePath;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.PostgresDatabase;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared log on a real PostgreSQL: two {@link EmbeddedLog}s on one schema are two replicas,
 * each with its own pool and sequencer, the database serialising their flushes.
 */
class PostgresLogTest {
    private static final String ORIGIN = "signet.test/log";
    private static final TestChains CA = new TestChains("Shared Root");
    private static final KeyPair KEY = LogKeys.generate();

    @RegisterExtension
    final PostgresDatabase database = new PostgresDatabase();

    @TempDir
    Path directory;

    private EmbeddedLogOptions options() {
        return EmbeddedLogOptions.of(directory, ORIGIN, KEY, List.of(CA.root())).withPeriod(Duration.ofMillis(20));
    }

    private EmbeddedLog replica(EmbeddedLogOptions options, DataSource dataSource) {
        return EmbeddedLog.open(options, new PostgresLogStorage(dataSource, "test schema"));
    }

    private EmbeddedLog replica() {
        return replica(options(), database.dataSource());
    }

    private static byte[] issuerKeyHash() {
        return CtCertificates.issuerKeyHash(Certificate.getInstance(CA.rootDer()));
    }

    private static byte[] leafHash(SignedCertificateTimestamp sct, TestChains.Precert precert) {
        return Merkle.leafHash(TimestampedEntry.precert(sct.timestamp(), issuerKeyHash(), precert.expectedTbs(),
                sct.extensions()).merkleTreeLeaf());
    }

    private static SignetException failure(CompletableFuture<SignedCertificateTimestamp> submission) {
        CompletionException e = assertThrows(CompletionException.class, submission::join);
        return (SignetException) e.getCause();
    }

    @Test
    void twoReplicasSubmittingConcurrentlyBuildOneTreeEveryScTProvenThroughBoth() throws Exception {
        int count = 300;
        List<TestChains.Precert> precerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            precerts.add(CA.precert("user" + i + "@example.com"));
        }
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try (EmbeddedLog first = replica(); EmbeddedLog second = replica()) {
            List<Future<SignedCertificateTimestamp>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                EmbeddedLog log = i % 2 == 0 ? first : second;
                TestChains.Precert precert = precerts.get(i);
                futures.add(threads.submit(() -> log.addPreChain(CA.precertChain(precert))));
            }
            List<SignedCertificateTimestamp> scts = new ArrayList<>();
            for (Future<SignedCertificateTimestamp> future : futures) {
                scts.add(future.get());
            }
            assertEquals(first.checkpoint(), second.checkpoint(), "every replica serves the same checkpoint");
            SignedTreeHead sth = first.sth();
            assertEquals(count, sth.treeSize());
            boolean[] seen = new boolean[count];
            for (int i = 0; i < count; i++) {
                SignedCertificateTimestamp sct = scts.get(i);
                assertTrue(SctVerifier.verifyPrecert(sct, issuerKeyHash(), precerts.get(i).expectedTbs(),
                        KEY.getPublic()));
                int index = (int) sct.leafIndex();
                assertFalse(seen[index], "index handed out twice");
                seen[index] = true;
                byte[] leafHash = leafHash(sct, precerts.get(i));
                for (EmbeddedLog log : List.of(first, second)) {
                    assertEquals(index, log.leafIndex(leafHash).getAsLong());
                    assertTrue(Merkle.verifyInclusion(leafHash, index, count, log.inclusionProof(index, count),
                            sth.rootHash()), "inclusion of " + index);
                }
            }
            assertArrayEquals(first.readDataTile(0, 256).orElseThrow(), second.readDataTile(0, 256).orElseThrow());
            assertArrayEquals(first.readTile(0, 1, count - 256).orElseThrow(),
                    second.readTile(0, 1, count - 256).orElseThrow());
            for (int i = 1; i < count; i++) {
                assertTrue(first.consistencyProof(i, count) != null);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theSameChainSentToBothReplicasAtOnceIsOneEntry() {
        TestChains.Precert precert = CA.precert("twice@example.com");
        try (EmbeddedLog first = replica(); EmbeddedLog second = replica()) {
            CompletableFuture<SignedCertificateTimestamp> a =
                    first.submitPreChain(CA.precertChain(precert)).toCompletableFuture();
            CompletableFuture<SignedCertificateTimestamp> b =
                    second.submitPreChain(CA.precertChain(precert)).toCompletableFuture();
            SignedCertificateTimestamp one = a.join();
            SignedCertificateTimestamp other = b.join();
            assertEquals(one.leafIndex(), other.leafIndex());
            assertEquals(one.timestamp(), other.timestamp());
            assertEquals(1, first.treeSize());
            assertEquals(1, second.treeSize());
            assertEquals(one.leafIndex(), first.addPreChain(CA.precertChain(precert)).leafIndex());
        }
    }

    @Test
    void timestampsStrictlyIncreaseAcrossReplicasWhateverTheirClocks() {
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        try (EmbeddedLog ahead = replica();
                EmbeddedLog late = replica(options().withClock(behind), database.dataSource())) {
            long last = 0;
            for (int i = 0; i < 6; i++) {
                EmbeddedLog log = i % 2 == 0 ? ahead : late;
                SignedCertificateTimestamp sct = log.addPreChain(CA.precertChain(CA.precert("t" + i + "@example.com")));
                assertEquals(i, sct.leafIndex());
                assertTrue(sct.timestamp() > last, "timestamp " + sct.timestamp() + " after " + last);
                last = sct.timestamp();
                assertEquals(last, ahead.sth().timestamp());
            }
        }
    }

    @Test
    void aDatabaseOutageFailsTheBatchWithRetryLaterAndTheReplicaRecoversByItself() {
        FaultyDataSource faulty = new FaultyDataSource(database.dataSource());
        try (EmbeddedLog log = replica(options(), faulty.dataSource())) {
            log.addPreChain(CA.precertChain(CA.precert("before@example.com")));
            faulty.arm(FaultyDataSource.Fault.DOWN);
            TestChains.Precert during = CA.precert("during@example.com");
            SignetException refused = failure(log.submitOwnPreChain(CA.precertChain(during)).toCompletableFuture());
            assertEquals(ErrorKind.LOG_UNAVAILABLE, refused.kind());
            assertEquals(503, refused.kind().httpStatus());
            assertTrue(log.storageProblem().isPresent(), "not ready while the database is away");
            assertTrue(log.isHealthy(), "the sequencer keeps running");

            faulty.disarm();
            assertTrue(log.storageProblem().isEmpty());
            SignedCertificateTimestamp after = log.addPreChain(CA.precertChain(during));
            assertEquals(1, after.leafIndex());
            assertEquals(2, log.treeSize());
        }
    }

    @Test
    void aCommitWhoseOutcomeWasLostIsFoundAgainByTheRetry() {
        FaultyDataSource faulty = new FaultyDataSource(database.dataSource());
        TestChains.Precert precert = CA.precert("lost@example.com");
        try (EmbeddedLog log = replica(options(), faulty.dataSource())) {
            faulty.arm(FaultyDataSource.Fault.COMMIT_LOST);
            SignetException unknown = failure(log.submitPreChain(CA.precertChain(precert)).toCompletableFuture());
            assertEquals(ErrorKind.LOG_UNAVAILABLE, unknown.kind());
            faulty.disarm();

            SignedCertificateTimestamp retried = log.addPreChain(CA.precertChain(precert));
            assertEquals(0, retried.leafIndex());
            assertEquals(1, log.treeSize());
            LogEntry entry = log.entries(0, 0).get(0);
            assertArrayEquals(leafHash(retried, precert), Merkle.leafHash(entry.leafInput()));
            // The edge was forgotten after the failure and reloaded: the next entry extends the committed tree.
            assertEquals(1, log.addPreChain(CA.precertChain(CA.precert("next@example.com"))).leafIndex());
        }
    }

    @Test
    void aTileAlreadyStoredAtAPathTheFlushWritesIsAForkAndFailsTheFlush() throws Exception {
        try (EmbeddedLog log = replica()) {
            database.execute(
                    "INSERT INTO ctlog_tiles (path, content) VALUES ('" + TilePath.dataTile(0, 1) + "', '\\x00')");
            SignetException fork = failure(log.submitPreChain(CA.precertChain(CA.precert("fork@example.com")))
                    .toCompletableFuture());
            assertEquals(ErrorKind.LOG_UNAVAILABLE, fork.kind());
            assertEquals(0, log.treeSize(), "nothing of the failed flush is visible");

            database.execute("DELETE FROM ctlog_tiles WHERE path = '" + TilePath.dataTile(0, 1) + "'");
            assertEquals(0, log.addPreChain(CA.precertChain(CA.precert("fork@example.com"))).leafIndex());
        }
    }

    @Test
    void aReplicaRestartedOnTheSchemaContinuesTheTree() {
        SignedCertificateTimestamp first;
        try (EmbeddedLog log = replica()) {
            first = log.addPreChain(CA.precertChain(CA.precert("a@example.com")));
        }
        try (EmbeddedLog log = replica()) {
            assertEquals(1, log.treeSize());
            assertEquals(1, log.addPreChain(CA.precertChain(CA.precert("b@example.com"))).leafIndex());
            assertTrue(first.timestamp() < log.sth().timestamp());
        }
    }

    @Test
    void aDatabaseHoldingAnotherLogsStateIsRefused() {
        try (EmbeddedLog log = replica()) {
            log.addPreChain(CA.precertChain(CA.precert("mine@example.com")));
        }
        EmbeddedLogOptions otherKey = EmbeddedLogOptions.of(directory, ORIGIN, LogKeys.generate(), List.of(CA.root()));
        SignetException key = assertThrows(SignetException.class, () -> replica(otherKey, database.dataSource()));
        assertEquals(ErrorKind.CT_LOG, key.kind());
        EmbeddedLogOptions otherOrigin =
                EmbeddedLogOptions.of(directory, "elsewhere.test/log", KEY, List.of(CA.root()));
        SignetException origin = assertThrows(SignetException.class, () -> replica(otherOrigin, database.dataSource()));
        assertTrue(origin.getMessage().contains("elsewhere.test/log"), origin.getMessage());
    }

    @Test
    void aChainLoggedByOneReplicaIsAnsweredByTheOtherFromTheDatabase() {
        TestChains.Precert precert = CA.precert("seen@example.com");
        try (EmbeddedLog first = replica(); EmbeddedLog second = replica()) {
            SignedCertificateTimestamp logged = first.addPreChain(CA.precertChain(precert));
            SignedCertificateTimestamp answered = CtLog.await(second.submitPreChain(CA.precertChain(precert)));
            assertEquals(logged.leafIndex(), answered.leafIndex());
            assertEquals(logged.timestamp(), answered.timestamp());
            assertEquals(0, second.pendingCount());
        }
    }
}
