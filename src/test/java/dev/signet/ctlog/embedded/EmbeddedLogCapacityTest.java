package dev.signet.ctlog.embedded;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.CtCertificates;
import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.Merkle;
import dev.signet.ctlog.SctVerifier;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.TestChains;
import dev.signet.ctlog.TimestampedEntry;
import dev.signet.ctlog.embedded.local.LocalLogStorage;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What outside submissions can take from the log: deduplication against the published tree and the
 * pool, the outside share of the pool, the byte cap, closing the log to outside submissions, and
 * the on-disk index across restarts and crashes.
 */
class EmbeddedLogCapacityTest {
    private static final String ORIGIN = "signet.test/log";
    private static final TestChains CA = new TestChains("Capacity Test Root");
    private static final KeyPair KEY = LogKeys.generate();

    @TempDir
    Path directory;

    @RegisterExtension
    final PostgresDatabase database = PostgresDatabase.onDemand();

    private EmbeddedLogOptions options() {
        return EmbeddedLogOptions.of(directory, ORIGIN, KEY, List.of(CA.root())).withPeriod(Duration.ofMillis(20));
    }

    /** A log that flushes only when closed (within the test's life), so pools stay put. */
    private EmbeddedLogOptions slow() {
        return options().withPeriod(Duration.ofSeconds(30)).withSubmitTimeout(Duration.ofSeconds(60));
    }

    private static List<byte[]> chain(String name) {
        return CA.precertChain(CA.precert(name + "@example.com"));
    }

    private static byte[] issuerKeyHash() {
        return CtCertificates.issuerKeyHash(Certificate.getInstance(CA.rootDer()));
    }

    /** The leaf hash of the precert entry {@code sct} was issued for, with the TBS read from the chain's precert. */
    private static byte[] leafHash(SignedCertificateTimestamp sct, List<byte[]> chain) {
        return Merkle.leafHash(TimestampedEntry.precert(sct.timestamp(), issuerKeyHash(), tbsWithoutPoison(chain),
                sct.extensions()).merkleTreeLeaf());
    }

    private static byte[] tbsWithoutPoison(List<byte[]> chain) {
        return accepted(chain).signedData();
    }

    private static AcceptedChain accepted(List<byte[]> chain) {
        return new ChainValidator(List.of(CA.root()), Clock.systemUTC()).validate(chain, true,
                ChainValidator.LeafSignature.VERIFY);
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void aLoggedChainIsAnsweredWithItsEntryAndTheTreeDoesNotGrow(LogBackend backend) {
        List<byte[]> chain = chain("replayed");
        try (EmbeddedLog log = backend.open(options(), database)) {
            SignedCertificateTimestamp first = CtLog.await(log.submitOutsidePreChain(chain));
            SignedCertificateTimestamp certificate = log.addChain(List.of(CA.certificate("final@example.com"),
                    CA.rootDer()));
            long size = log.treeSize();
            for (int i = 0; i < 3; i++) {
                SignedCertificateTimestamp again = CtLog.await(log.submitOutsidePreChain(chain));
                assertEquals(first.leafIndex(), again.leafIndex());
                assertEquals(first.timestamp(), again.timestamp());
                assertTrue(SctVerifier.verifyPrecert(again, issuerKeyHash(), tbsWithoutPoison(chain), KEY.getPublic()));
                // In-process submissions of a logged chain are deduplicated too.
                assertEquals(first.leafIndex(), log.addPreChain(chain).leafIndex());
            }
            assertEquals(size, log.treeSize());
            assertTrue(certificate.leafIndex() < size);
            assertEquals(size, log.addPreChain(chain("another")).leafIndex());
        }
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void theSameChainTwiceInOnePoolIsOneEntryWithOneSct(LogBackend backend) throws Exception {
        List<byte[]> chain = chain("twice");
        CompletableFuture<SignedCertificateTimestamp> first;
        CompletableFuture<SignedCertificateTimestamp> second;
        try (EmbeddedLog log = backend.open(slow(), database)) {
            first = log.submitOutsidePreChain(chain).toCompletableFuture();
            second = log.submitPreChain(chain).toCompletableFuture();
            assertEquals(1, log.pendingCount());
        }
        assertEquals(first.get().leafIndex(), second.get().leafIndex());
        assertEquals(first.get().timestamp(), second.get().timestamp());
        try (EmbeddedLog log = backend.open(options(), database)) {
            assertEquals(1, log.treeSize());
        }
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void outsideSubmissionsFillOnlyTheirShareAndSignetsOwnTheRest(LogBackend backend) throws Exception {
        List<CompletionStage<SignedCertificateTimestamp>> pooled = new ArrayList<>();
        try (EmbeddedLog log = backend.open(slow().withPoolSize(4).withOutsideShare(0.5), database)) {
            pooled.add(log.submitOutsidePreChain(chain("out0")));
            pooled.add(log.submitOutsideChain(List.of(CA.certificate("out1@example.com"), CA.rootDer())));
            SignetException busy = assertThrows(SignetException.class,
                    () -> CtLog.await(log.submitOutsidePreChain(chain("out2"))));
            assertEquals(ErrorKind.LOG_BUSY, busy.kind());
            pooled.add(log.submitOwnPreChain(chain("own0")));
            pooled.add(log.submitPreChain(chain("own1")));
            assertEquals(4, log.pendingCount());
            assertEquals(ErrorKind.LOG_BUSY, assertThrows(SignetException.class,
                    () -> CtLog.await(log.submitOwnPreChain(chain("own2")))).kind());
        }
        for (CompletionStage<SignedCertificateTimestamp> stage : pooled) {
            assertTrue(stage.toCompletableFuture().get().leafIndex() >= 0);
        }
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void thePoolsByteCapTurnsAwayWhatWouldPassIt(LogBackend backend) throws Exception {
        List<byte[]> first = chain("bytes0");
        long oneChain = new Pending(accepted(first), null, true, null).bytes();
        List<CompletionStage<SignedCertificateTimestamp>> pooled = new ArrayList<>();
        // Room for two chains in all, one of them from outside.
        try (EmbeddedLog log =
                backend.open(slow().withPoolBytes(2 * oneChain + oneChain / 2).withOutsideShare(0.5), database)) {
            pooled.add(log.submitOutsidePreChain(first));
            assertEquals(ErrorKind.LOG_BUSY, assertThrows(SignetException.class,
                    () -> CtLog.await(log.submitOutsidePreChain(chain("bytes1")))).kind());
            pooled.add(log.submitOwnPreChain(chain("bytes2")));
            assertEquals(ErrorKind.LOG_BUSY, assertThrows(SignetException.class,
                    () -> CtLog.await(log.submitOwnPreChain(chain("bytes3")))).kind());
            assertEquals(2, log.pendingCount());
        }
        for (CompletionStage<SignedCertificateTimestamp> stage : pooled) {
            assertTrue(stage.toCompletableFuture().get().leafIndex() >= 0);
        }
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void aLogClosedToOutsideSubmissionsRefusesThemAndStillLogsItsOwn(LogBackend backend) {
        try (EmbeddedLog log = backend.open(options().withAcceptOutside(false), database)) {
            SignetException refused = assertThrows(SignetException.class,
                    () -> CtLog.await(log.submitOutsidePreChain(chain("closed"))));
            assertEquals(ErrorKind.LOG_SUBMISSIONS_CLOSED, refused.kind());
            assertEquals(403, refused.kind().httpStatus());
            assertEquals(ErrorKind.LOG_SUBMISSIONS_CLOSED, assertThrows(SignetException.class,
                    () -> CtLog.await(log.submitOutsideChain(List.of(CA.certificate("c@example.com"), CA.rootDer()))))
                    .kind());
            assertEquals(0, log.treeSize());
            assertEquals(0, CtLog.await(log.submitOwnPreChain(chain("own"))).leafIndex());
            assertEquals(1, log.treeSize());
        }
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void theIndexSurvivesARestartAndAnswersReplaysAndProofsByHash(LogBackend backend) {
        List<byte[]> chain = chain("restart");
        SignedCertificateTimestamp first;
        try (EmbeddedLog log = backend.open(options(), database)) {
            first = CtLog.await(log.submitOwnPreChain(chain));
        }
        if (backend == LogBackend.LOCAL) {
            assertTrue(Files.exists(directory.resolve(LocalLogStorage.INDEX_FILE)));
        }
        try (EmbeddedLog log = backend.open(options(), database)) {
            SignedCertificateTimestamp replayed = CtLog.await(log.submitOutsidePreChain(chain));
            assertEquals(first.leafIndex(), replayed.leafIndex());
            assertEquals(first.timestamp(), replayed.timestamp());
            assertEquals(1, log.treeSize());
            assertEquals(first.leafIndex(), log.leafIndex(leafHash(first, chain)).getAsLong());
        }
    }

    @Test
    void anIndexThatLostItsTailIsRefilledFromTheDataTiles() throws Exception {
        List<byte[]> early = chain("early");
        List<byte[]> late = chain("late");
        Path saved = directory.resolveSibling(directory.getFileName() + "-index");
        SignedCertificateTimestamp lateSct;
        try (EmbeddedLog log = LocalLogStorage.open(options())) {
            log.addPreChain(early);
        }
        Files.copy(directory.resolve(LocalLogStorage.INDEX_FILE), saved, StandardCopyOption.REPLACE_EXISTING);
        try (EmbeddedLog log = LocalLogStorage.open(options())) {
            lateSct = log.addPreChain(late);
        }
        // The crash: the index is as it was before the second life's records reached the disk.
        Files.copy(saved, directory.resolve(LocalLogStorage.INDEX_FILE), StandardCopyOption.REPLACE_EXISTING);
        Files.delete(saved);
        try (EmbeddedLog log = LocalLogStorage.open(options())) {
            assertEquals(2, log.treeSize());
            assertEquals(lateSct.leafIndex(), CtLog.await(log.submitOutsidePreChain(late)).leafIndex());
            assertEquals(lateSct.leafIndex(), log.leafIndex(leafHash(lateSct, late))
                    .getAsLong());
            assertEquals(2, log.treeSize());
        }
    }

    @Test
    void anIndexAheadOfTheTreeIsRebuiltAndClaimsNothingPastIt() throws Exception {
        List<byte[]> kept = chain("kept");
        List<byte[]> rolledBack = chain("rolled-back");
        Path logCopy = Files.createTempDirectory("signet-log-copy");
        SignedCertificateTimestamp rolledBackSct;
        try {
            try (EmbeddedLog log = LocalLogStorage.open(options())) {
                log.addPreChain(kept);
            }
            copyTree(directory, logCopy, LocalLogStorage.INDEX_FILE);
            try (EmbeddedLog log = LocalLogStorage.open(options())) {
                rolledBackSct = log.addPreChain(rolledBack);
            }
            // A forbidden rollback of everything but the index: the index now records an entry past the tree.
            Path index = directory.resolve(LocalLogStorage.INDEX_FILE);
            Path saved = Files.copy(index, logCopy.resolve(LocalLogStorage.INDEX_FILE));
            deleteTree(directory);
            copyTree(logCopy, directory, null);
            Files.move(saved, index, StandardCopyOption.REPLACE_EXISTING);
            try (EmbeddedLog log = LocalLogStorage.open(options())) {
                assertEquals(1, log.treeSize());
                assertFalse(log.leafIndex(leafHash(rolledBackSct, rolledBack)).isPresent());
                SignedCertificateTimestamp fresh = CtLog.await(log.submitOutsidePreChain(rolledBack));
                assertEquals(1, fresh.leafIndex());
                assertEquals(2, log.treeSize());
                assertEquals(0, CtLog.await(log.submitOutsidePreChain(kept)).leafIndex());
            }
        } finally {
            deleteTree(logCopy);
        }
    }

    @Test
    void aStaleLeafHashesFileFromTheFormerIndexIsRemoved() throws Exception {
        try (EmbeddedLog log = LocalLogStorage.open(options())) {
            log.addPreChain(chain("former"));
        }
        Files.write(directory.resolve("leaf-hashes"), new byte[32]);
        try (EmbeddedLog log = LocalLogStorage.open(options())) {
            assertEquals(1, log.treeSize());
        }
        assertFalse(Files.exists(directory.resolve("leaf-hashes")));
    }

    @ParameterizedTest
    @EnumSource(LogBackend.class)
    void aDuplicateArrivingWhileItsBatchIsBeingSequencedSharesItsEntry(LogBackend backend) throws Exception {
        try (EmbeddedLog log = backend.open(options().withPeriod(Duration.ofMillis(5)), database)) {
            for (int round = 0; round < 20; round++) {
                List<byte[]> chain = chain("race" + round);
                long before = log.treeSize();
                CompletableFuture<SignedCertificateTimestamp> first = log.submitOutsidePreChain(chain)
                        .toCompletableFuture();
                await().atMost(Duration.ofSeconds(10)).until(() -> log.pendingCount() == 0);
                SignedCertificateTimestamp second = CtLog.await(log.submitOutsidePreChain(chain));
                assertEquals(first.get().leafIndex(), second.leafIndex());
                assertEquals(before + 1, log.treeSize());
            }
        }
    }

    private static void copyTree(Path from, Path to, String except) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (path.getFileName().toString().equals(except) || path.getFileName().toString().equals("lockfile")) {
                    continue;
                }
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!path.equals(root)) {
                    Files.delete(path);
                }
            }
        }
    }
}
