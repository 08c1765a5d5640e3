package dev.signet.ctlog.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.CtCertificates;
import dev.signet.ctlog.Merkle;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.SignedTreeHead;
import dev.signet.ctlog.TestChains;
import dev.signet.ctlog.TimestampedEntry;
import dev.signet.ctlog.embedded.FaultyStorage.Fault;
import dev.signet.ctlog.embedded.local.FileStorage;
import dev.signet.ctlog.embedded.local.LocalLogStorage;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded log when its disk fills up or fsync fails (docs/security.md, the rows on embedded-log disk faults): the
 * submission gets {@code CT_LOG} (500) and no SCT, the sequencer stops, and once the disk is back
 * a restart (an fsync error leaves the outcome unknown, so only recovery from the
 * lock store may continue) gives a log holding every acknowledged entry exactly once, with the
 * published checkpoint equal to the committed one.
 */
class EmbeddedLogStorageFaultTest {
    private static final TestChains CA = new TestChains("Fault Test Root");
    private static final KeyPair KEY = LogKeys.generate();

    @TempDir
    Path directory;

    private EmbeddedLogOptions options() {
        return EmbeddedLogOptions.of(directory, "signet.test/faults", KEY, List.of(CA.root()))
                .withPeriod(Duration.ofMillis(20));
    }

    @Test
    void diskFullFailsWithoutSctAndARestartKeepsEveryAcknowledgedEntryOnce() {
        FaultyStorage storage = new FaultyStorage(new FileStorage(directory));
        Map<String, Long> acknowledged = new TreeMap<>();
        try (EmbeddedLog log = LocalLogStorage.open(options().withStorage(storage))) {
            acknowledge(log, acknowledged, "before", 3);
            storage.arm(Fault.DISK_FULL, "");
            assertNoSct(log, "full-1");
            assertNoSct(log, "full-2");
            storage.disarm();
            // Space is back, but a storage failure stopped the sequencer until the next start.
            assertNoSct(log, "after-space-returns");
            assertEquals(3, log.treeSize());
        }
        try (EmbeddedLog log = LocalLogStorage.open(options())) {
            assertExactly(log, acknowledged, 0);
            SignedTreeHead before = log.sth();
            acknowledge(log, acknowledged, "recovered", 2);
            assertExactly(log, acknowledged, 0);
            assertConsistent(log, before);
        }
    }

    @Test
    void fsyncFailingBeforeCommitLosesOnlyTheUnacknowledgedEntry() {
        FaultyStorage storage = new FaultyStorage(new FileStorage(directory));
        Map<String, Long> acknowledged = new TreeMap<>();
        try (EmbeddedLog log = LocalLogStorage.open(options().withStorage(storage))) {
            acknowledge(log, acknowledged, "ok", 2);
            storage.arm(Fault.FSYNC_FAILS, "staging/");
            assertNoSct(log, "unsynced");
            storage.disarm();
        }
        try (EmbeddedLog log = LocalLogStorage.open(options())) {
            assertExactly(log, acknowledged, 0);
            acknowledge(log, acknowledged, "next", 1);
            assertExactly(log, acknowledged, 0);
        }
    }

    @Test
    void fsyncFailingAfterCommitIsFinishedOnRestartWithoutDuplicates() {
        FaultyStorage storage = new FaultyStorage(new FileStorage(directory));
        Map<String, Long> acknowledged = new TreeMap<>();
        SignedTreeHead committedBefore;
        try (EmbeddedLog log = LocalLogStorage.open(options().withStorage(storage))) {
            acknowledge(log, acknowledged, "ok", 2);
            committedBefore = log.sth();
            storage.arm(Fault.FSYNC_FAILS, "tile/");
            assertNoSct(log, "committed-unpublished");
            storage.disarm();
        }
        try (EmbeddedLog log = LocalLogStorage.open(options())) {
            // The lock store committed that flush, so recovery publishes it: one entry that no one holds
            // an SCT for (harmless: no certificate exists), never a duplicate or a gap.
            assertExactly(log, acknowledged, 1);
            assertConsistent(log, committedBefore);
            acknowledge(log, acknowledged, "next", 1);
            assertExactly(log, acknowledged, 1);
        }
    }

    private static void acknowledge(EmbeddedLog log, Map<String, Long> acknowledged, String name, int count) {
        for (int i = 0; i < count; i++) {
            TestChains.Precert precert = CA.precert(name + i + "@example.com");
            SignedCertificateTimestamp sct = log.addPreChain(CA.precertChain(precert));
            acknowledged.put(HexFormat.of().formatHex(leafHash(sct, precert)), sct.leafIndex());
        }
    }

    private static void assertNoSct(EmbeddedLog log, String name) {
        SignetException failure = assertThrows(SignetException.class,
                () -> log.addPreChain(CA.precertChain(CA.precert(name + "@example.com"))));
        assertEquals(ErrorKind.CT_LOG, failure.kind());
        assertEquals(500, failure.kind().httpStatus());
    }

    /** Every acknowledged entry once at its SCT's index, plus exactly {@code unacknowledged} others, no repeats. */
    private void assertExactly(EmbeddedLog log, Map<String, Long> acknowledged, int unacknowledged) {
        long size = log.treeSize();
        assertEquals(acknowledged.size() + unacknowledged, size, "tree size");
        List<String> seen = new ArrayList<>();
        for (long start = 0; start < size; start += EmbeddedLog.MAX_ENTRIES_PER_READ) {
            for (LogEntry entry : log.entries(start, Math.min(size, start + EmbeddedLog.MAX_ENTRIES_PER_READ) - 1)) {
                String hash = HexFormat.of().formatHex(Merkle.leafHash(entry.leafInput()));
                assertTrue(!seen.contains(hash), "entry logged twice at " + entry.index());
                seen.add(hash);
                if (acknowledged.containsKey(hash)) {
                    assertEquals(acknowledged.get(hash), entry.index(), "acknowledged entry moved");
                }
            }
        }
        assertTrue(seen.containsAll(acknowledged.keySet()), "an acknowledged entry is missing");
        try {
            assertEquals(Files.readString(directory.resolve("lock/checkpoint")), log.checkpoint(),
                    "published checkpoint equals the committed one");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertConsistent(EmbeddedLog log, SignedTreeHead earlier) {
        SignedTreeHead now = log.sth();
        assertTrue(Merkle.verifyConsistency(earlier.treeSize(), now.treeSize(), earlier.rootHash(), now.rootHash(),
                log.consistencyProof(earlier.treeSize(), now.treeSize())), "one tree history");
    }

    private static byte[] leafHash(SignedCertificateTimestamp sct, TestChains.Precert precert) {
        byte[] issuerKeyHash = CtCertificates.issuerKeyHash(Certificate.getInstance(CA.rootDer()));
        return Merkle.leafHash(TimestampedEntry.precert(sct.timestamp(), issuerKeyHash, precert.expectedTbs(),
                sct.extensions()).merkleTreeLeaf());
    }
}
