package dev.signet.ctlog.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.CtCertificates;
import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.LeafIndexExtension;
import dev.signet.ctlog.Merkle;
import dev.signet.ctlog.SctVerifier;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.SignedTreeHead;
import dev.signet.ctlog.TestChains;
import dev.signet.ctlog.TimestampedEntry;
import dev.signet.ctlog.embedded.local.FileStorage;
import dev.signet.ctlog.embedded.local.LocalLogStorage;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.PostgresDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The embedded log end to end on a temporary directory: sequencing, proofs, recovery and failures. */
class EmbeddedLogTest {
    private static final String ORIGIN = "signet.test/log";
    private static final TestChains CA = new TestChains("Test Root");
    private static final KeyPair KEY = LogKeys.generate();

    @TempDir
    Path directory;

    @RegisterExtension
    final PostgresDatabase database = PostgresDatabase.onDemand();

    private EmbeddedLogOptions options() {
        return EmbeddedLogOptions.of(directory, ORIGIN, KEY, List.of(CA.root())).withPeriod(Duration.ofMillis(20));
    }

    private static byte[] issuerKeyHash() {
        return CtCertificates.issuerKeyHash(Certificate.getInstance(CA.rootDer()));
    }

    private static byte[] leafHash(SignedCertificateTimestamp sct, TestChains.Precert precert) {
        return Merkle.leafHash(TimestampedEntry.precert(sct.timestamp(), issuerKeyHash(), precert.expectedTbs(),
                sct.extensions()).merkleTreeLeaf());
    }

    private static void assertSthValid(SignedTreeHead sth) {
        assertTrue(SctVerifier.verifySignature(sth.signature(),
                SignedTreeHead.signatureInput(sth.timestamp(), sth.treeSize(), sth.rootHash()), KEY.getPublic()));
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void concurrentSubmissionsAreAllLoggedAndProvable(LogBackend backend) throws Exception {
        int count = 600;
        List<TestChains.Precert> precerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            precerts.add(CA.precert("user" + i + "@example.com"));
        }
        List<SignedCertificateTimestamp> scts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try (EmbeddedLog log = backend.open(options(), database)) {
            List<Future<SignedCertificateTimestamp>> futures = new ArrayList<>();
            for (TestChains.Precert precert : precerts) {
                futures.add(pool.submit(() -> log.addPreChain(CA.precertChain(precert))));
            }
            for (Future<SignedCertificateTimestamp> future : futures) {
                scts.add(future.get());
            }
            SignedTreeHead sth = log.sth();
            assertEquals(count, sth.treeSize());
            assertSthValid(sth);
            boolean[] seen = new boolean[count];
            for (int i = 0; i < count; i++) {
                SignedCertificateTimestamp sct = scts.get(i);
                TestChains.Precert precert = precerts.get(i);
                assertTrue(SctVerifier.verifyPrecert(sct, issuerKeyHash(), precert.expectedTbs(), KEY.getPublic()));
                assertTrue(sct.timestamp() <= sth.timestamp());
                long index = sct.leafIndex();
                assertFalse(seen[(int) index], "index handed out twice");
                seen[(int) index] = true;
                byte[] leafHash = leafHash(sct, precert);
                assertTrue(Merkle.verifyInclusion(leafHash, index, sth.treeSize(),
                        log.inclusionProof(index, sth.treeSize()),
                        sth.rootHash()), "inclusion of " + index);
                assertEquals(index, log.leafIndex(leafHash).getAsLong());
            }
            LogEntry entry = log.entries(scts.get(7).leafIndex(), scts.get(7).leafIndex()).get(0);
            assertArrayEquals(leafHash(scts.get(7), precerts.get(7)), Merkle.leafHash(entry.leafInput()));
            assertEquals(EmbeddedLog.MAX_ENTRIES_PER_READ, log.entries(0, count).size());
            assertTrue(log.readDataTile(0, 256).isPresent());
            assertTrue(log.readTile(1, 0, 2).isPresent());
            String rootName = hex(MessageDigest.getInstance("SHA-256").digest(CA.rootDer()));
            assertArrayEquals(CA.rootDer(), log.readIssuer(rootName).orElseThrow());
            assertEquals(Optional.empty(), log.readIssuer("../lock/checkpoint"));
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void checkpointIsASignedNoteMatchingTheTreeHead(LogBackend backend) throws Exception {
        try (EmbeddedLog log = backend.open(options(), database)) {
            log.addPreChain(CA.precertChain(CA.precert("a@example.com")));
            String[] lines = log.checkpoint().split("\n", -1);
            SignedTreeHead sth = log.sth();
            assertEquals(ORIGIN, lines[0]);
            assertEquals("1", lines[1]);
            assertEquals(Base64.getEncoder().encodeToString(sth.rootHash()), lines[2]);
            assertEquals("", lines[3]);
            assertTrue(lines[4].startsWith("\u2014 " + ORIGIN + " "));
            byte[] signature = Base64.getDecoder().decode(lines[4].substring(("\u2014 " + ORIGIN + " ").length()));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((ORIGIN + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x05);
            sha.update(sha256(KEY.getPublic().getEncoded()));
            assertArrayEquals(java.util.Arrays.copyOf(sha.digest(), 4), java.util.Arrays.copyOf(signature, 4));
            assertEquals(sth.timestamp(), java.nio.ByteBuffer.wrap(signature, 4, 8).getLong());
            assertArrayEquals(sth.signature(), java.util.Arrays.copyOfRange(signature, 12, signature.length));
            assertSthValid(sth);
            assertEquals("", lines[5]);
            if (backend == LogBackend.LOCAL) {
                assertEquals(log.checkpoint(), Files.readString(directory.resolve("checkpoint")));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void restartKeepsTheTreeAndAppends(LogBackend backend) {
        byte[] root;
        long size;
        try (EmbeddedLog log = backend.open(options(), database)) {
            for (int i = 0; i < 3; i++) {
                log.addPreChain(CA.precertChain(CA.precert("r" + i + "@example.com")));
            }
            size = log.treeSize();
            root = log.sth().rootHash();
        }
        try (EmbeddedLog log = backend.open(options(), database)) {
            assertEquals(size, log.treeSize());
            assertArrayEquals(root, log.sth().rootHash());
            SignedCertificateTimestamp sct = log.addChain(List.of(CA.certificate("final@example.com"), CA.rootDer()));
            assertEquals(size, sct.leafIndex());
            assertEquals(size + 1, log.treeSize());
            assertTrue(Merkle.verifyConsistency(size, size + 1, root, log.sth().rootHash(),
                    log.consistencyProof(size, size + 1)));
        }
    }

    @Test
    void aSecondInstanceOnTheSameDirectoryFailsToStart() {
        try (EmbeddedLog log = LocalLogStorage.open(options())) {
            SignetException e = assertThrows(SignetException.class, () -> LocalLogStorage.open(options()));
            assertEquals(ErrorKind.CT_LOG, e.kind());
            log.addPreChain(CA.precertChain(CA.precert("still@example.com")));
        }
    }

    @Test
    void aCommittedButUnappliedFlushIsFinishedOnStart() {
        FaultyStorage storage = new FaultyStorage(new FileStorage(directory));
        try (EmbeddedLog log = LocalLogStorage.open(options().withStorage(storage))) {
            storage.arm(FaultyStorage.Fault.DISK_FULL, "tile/");
            SignetException e = assertThrows(SignetException.class,
                    () -> log.addPreChain(CA.precertChain(CA.precert("lost@example.com"))));
            assertEquals(ErrorKind.CT_LOG, e.kind());
            assertEquals(0, log.treeSize());
            storage.disarm();
            assertEquals(ErrorKind.CT_LOG, assertThrows(SignetException.class,
                    () -> log.addPreChain(CA.precertChain(CA.precert("after@example.com")))).kind());
        }
        try (EmbeddedLog log = LocalLogStorage.open(options())) {
            assertEquals(1, log.treeSize());
            assertEquals(log.checkpoint(), readLockCheckpoint());
            assertEquals(1, log.entries(0, 0).size());
            assertEquals(1, log.addPreChain(CA.precertChain(CA.precert("next@example.com"))).leafIndex());
        }
    }

    @Test
    void aStorageFailureBeforeCommitReturnsNoSctAndStopsTheLog() {
        FaultyStorage storage = new FaultyStorage(new FileStorage(directory));
        try (EmbeddedLog log = LocalLogStorage.open(options().withStorage(storage))) {
            log.addPreChain(CA.precertChain(CA.precert("ok@example.com")));
            storage.arm(FaultyStorage.Fault.DISK_FULL, "staging/");
            assertEquals(ErrorKind.CT_LOG, assertThrows(SignetException.class,
                    () -> log.addPreChain(CA.precertChain(CA.precert("fail@example.com")))).kind());
            storage.disarm();
            assertEquals(ErrorKind.CT_LOG, assertThrows(SignetException.class,
                    () -> log.addPreChain(CA.precertChain(CA.precert("refused@example.com")))).kind());
            assertEquals(1, log.treeSize());
        }
        try (EmbeddedLog log = LocalLogStorage.open(options())) {
            assertEquals(1, log.treeSize());
            assertEquals(1, log.addPreChain(CA.precertChain(CA.precert("again@example.com"))).leafIndex());
        }
    }

    @Test
    void aFailedPublishFailsEveryStageOfItsPoolAndHandsOutNoSct() throws Exception {
        FaultyStorage storage = new FaultyStorage(new FileStorage(directory));
        try (EmbeddedLog log =
                LocalLogStorage.open(options().withStorage(storage).withPeriod(Duration.ofMillis(300)))) {
            storage.arm(FaultyStorage.Fault.DISK_FULL, "checkpoint");
            List<CompletableFuture<SignedCertificateTimestamp>> stages = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                stages.add(log.submitPreChain(CA.precertChain(CA.precert("pool" + i + "@example.com")))
                        .toCompletableFuture());
            }
            for (CompletableFuture<SignedCertificateTimestamp> stage : stages) {
                ExecutionException failure = assertThrows(ExecutionException.class,
                        () -> stage.get(10, TimeUnit.SECONDS));
                assertTrue(failure.getCause() instanceof SignetException signet && signet.kind() == ErrorKind.CT_LOG,
                        String.valueOf(failure.getCause()));
            }
            // Committed but not published: nothing is public, and the stopped log takes nothing more.
            assertEquals(0, log.treeSize());
            CompletableFuture<SignedCertificateTimestamp> later =
                    log.submitPreChain(CA.precertChain(CA.precert("later@example.com"))).toCompletableFuture();
            assertTrue(later.isCompletedExceptionally());
        }
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void aFullPoolFailsFastWithoutWaitingForTheFlush(LogBackend backend) {
        try (EmbeddedLog log = backend.open(options().withPeriod(Duration.ofSeconds(30)).withPoolSize(1), database)) {
            CompletableFuture<SignedCertificateTimestamp> first =
                    log.submitPreChain(CA.precertChain(CA.precert("one@example.com"))).toCompletableFuture();
            CompletableFuture<SignedCertificateTimestamp> second =
                    log.submitPreChain(CA.precertChain(CA.precert("two@example.com"))).toCompletableFuture();
            assertFalse(first.isDone());
            ExecutionException failure = assertThrows(ExecutionException.class, second::get);
            assertEquals(ErrorKind.LOG_BUSY, ((SignetException) failure.getCause()).kind());
        }
    }

    @Test
    void aClockBehindTheLastCheckpointRefusesToStart() {
        Instant now = Instant.now();
        try (EmbeddedLog log = LocalLogStorage.open(options().withClock(Clock.fixed(now, ZoneOffset.UTC)))) {
            log.addPreChain(CA.precertChain(CA.precert("t@example.com")));
        }
        Clock behind = Clock.fixed(now.minusSeconds(3600), ZoneOffset.UTC);
        SignetException e =
                assertThrows(SignetException.class, () -> LocalLogStorage.open(options().withClock(behind)));
        assertEquals(ErrorKind.CT_LOG, e.kind());
        assertTrue(e.getMessage().contains("clock"));
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void timestampsStrictlyIncreaseEvenWithAFrozenClock(LogBackend backend) {
        Clock frozen = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        try (EmbeddedLog log = backend.open(options().withClock(frozen), database)) {
            long first = log.addPreChain(CA.precertChain(CA.precert("f1@example.com"))).timestamp();
            long second = log.addPreChain(CA.precertChain(CA.precert("f2@example.com"))).timestamp();
            assertTrue(second > first);
        }
    }

    @Test
    void aPublishedCheckpointNewerThanTheLockStoreRefusesToStart() throws IOException {
        String initial;
        try (EmbeddedLog log = LocalLogStorage.open(options())) {
            initial = log.checkpoint();
            log.addPreChain(CA.precertChain(CA.precert("rollback@example.com")));
        }
        // Simulates a restored backup of the lock store: the log must not fork from size 0.
        Files.writeString(directory.resolve("lock/checkpoint"), initial);
        assertThrows(SignetException.class, () -> LocalLogStorage.open(options()));
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void aFullPoolAnswersLogBusy(LogBackend backend) throws Exception {
        EmbeddedLogOptions busy = options().withPeriod(Duration.ofSeconds(30)).withPoolSize(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<SignedCertificateTimestamp>> waiting = new ArrayList<>();
            try (EmbeddedLog log = backend.open(busy, database)) {
                for (int i = 0; i < 2; i++) {
                    TestChains.Precert precert = CA.precert("busy" + i + "@example.com");
                    waiting.add(pool.submit(() -> log.addPreChain(CA.precertChain(precert))));
                }
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.pendingCount() == 2);
                SignetException e = assertThrows(SignetException.class,
                        () -> log.addPreChain(CA.precertChain(CA.precert("third@example.com"))));
                assertEquals(ErrorKind.LOG_BUSY, e.kind());
                assertEquals(503, e.kind().httpStatus());
            }
            for (Future<SignedCertificateTimestamp> future : waiting) {
                assertTrue(future.get().leafIndex() >= 0, "pooled entries are flushed on close");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void onlyAnInProcessSubmissionSkipsTheLeafSignatureAndNothingElse(LogBackend backend) {
        TestChains.Precert precert = CA.precert("tampered@example.com");
        byte[] tampered = precert.der().clone();
        tampered[tampered.length - 1] ^= 0x01; // the last byte of the signature value
        TestChains stranger = new TestChains("Stranger");
        try (EmbeddedLog log = backend.open(options(), database)) {
            assertEquals(ErrorKind.LOG_REJECTED_CHAIN, assertThrows(SignetException.class,
                    () -> log.addPreChain(List.of(tampered, CA.rootDer()))).kind(),
                    "a submission from outside has its leaf signature verified");
            SignedCertificateTimestamp sct = CtLog.await(log.submitOwnPreChain(List.of(tampered, CA.rootDer())));
            assertTrue(SctVerifier.verifyPrecert(sct, issuerKeyHash(), precert.expectedTbs(), KEY.getPublic()));

            assertEquals(ErrorKind.LOG_REJECTED_CHAIN, assertThrows(SignetException.class, () -> CtLog.await(
                    log.submitOwnPreChain(stranger.precertChain(stranger.precert("x@example.com"))))).kind());
            assertEquals(ErrorKind.LOG_REJECTED_CHAIN, assertThrows(SignetException.class, () -> CtLog.await(
                    log.submitOwnPreChain(List.of(CA.certificate("nopoison@example.com"), CA.rootDer())))).kind());
            assertEquals(ErrorKind.LOG_REJECTED_CHAIN, assertThrows(SignetException.class, () -> CtLog.await(
                    log.submitOwnPreChain(List.of(stranger.precert("y@example.com").der(), CA.rootDer())))).kind(),
                    "a leaf naming another issuer is refused without its signature being checked");
        }
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void chainsOutsideTheAcceptedRootsOrMalformedAreRejected(LogBackend backend) {
        TestChains stranger = new TestChains("Stranger");
        try (EmbeddedLog log = backend.open(options(), database)) {
            assertEquals(ErrorKind.LOG_REJECTED_CHAIN, assertThrows(SignetException.class,
                    () -> log.addPreChain(stranger.precertChain(stranger.precert("x@example.com")))).kind());
            assertEquals(ErrorKind.LOG_REJECTED_CHAIN, assertThrows(SignetException.class,
                    () -> log.addPreChain(List.of(CA.certificate("nopoison@example.com"), CA.rootDer()))).kind());
            assertEquals(ErrorKind.LOG_REJECTED_CHAIN, assertThrows(SignetException.class,
                    () -> log.addChain(CA.precertChain(CA.precert("poison@example.com")))).kind());
            assertEquals(ErrorKind.LOG_REJECTED_CHAIN, assertThrows(SignetException.class,
                    () -> log.addPreChain(List.of(new byte[] {0x30, 0x03, 0x01}, CA.rootDer()))).kind());
            // The root may be left out: the log completes the chain from its accepted roots.
            TestChains.Precert precert = CA.precert("noroot@example.com");
            SignedCertificateTimestamp sct = log.addPreChain(List.of(precert.der()));
            assertTrue(SctVerifier.verifyPrecert(sct, issuerKeyHash(), precert.expectedTbs(), KEY.getPublic()));
            assertEquals(0, log.treeSize() - 1 - sct.leafIndex());
        }
    }

    @Test
    void theLogKeyIsGeneratedOnceWithOwnerOnlyPermissions() throws IOException {
        KeyPair first = LogKeys.loadOrGenerate(directory, Optional.empty());
        KeyPair second = LogKeys.loadOrGenerate(directory, Optional.empty());
        assertArrayEquals(first.getPublic().getEncoded(), second.getPublic().getEncoded());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory.resolve(LogKeys.GENERATED_KEY_FILE))));
        // Named-curve SPKI: the OID of prime256v1 appears, so clients compute the same log ID.
        assertTrue(hex(first.getPublic().getEncoded()).contains("06082a8648ce3d030107"));
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void leafIndexExtensionMatchesTheAssignedIndex(LogBackend backend) {
        try (EmbeddedLog log = backend.open(options(), database)) {
            for (int i = 0; i < 3; i++) {
                SignedCertificateTimestamp sct = log.addPreChain(CA.precertChain(CA.precert("i" + i + "@example.com")));
                assertArrayEquals(LeafIndexExtension.encode(i), sct.extensions());
            }
        }
    }

    private String readLockCheckpoint() {
        try {
            return Files.readString(directory.resolve("lock/checkpoint"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
