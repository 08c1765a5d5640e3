package dev.signet.ctlog.embedded.local;

import dev.signet.ctlog.embedded.local.LocalLogStorage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.signet.ctlog.LeafIndexExtension;
import dev.signet.ctlog.Merkle;
import dev.signet.ctlog.TimestampedEntry;
import dev.signet.ctlog.embedded.EntryKey;
import dev.signet.ctlog.embedded.LogStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk entry index: lookups by leaf hash and by entry key, restart, a crash, truncation. */
class EntryIndexTest {
    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve(LocalLogStorage.INDEX_FILE);
    }

    /** Entries {@code from..from+count-1}, each an x509 entry over distinct bytes, logged at {@code 1000 + index}. */
    private static List<LogStorage.Entry> entries(long from, int count) {
        List<LogStorage.Entry> entries = new ArrayList<>();
        for (long index = from; index < from + count; index++) {
            entries.add(LogStorage.Entry.of(entry(index)));
        }
        return entries;
    }

    private static TimestampedEntry entry(long index) {
        return TimestampedEntry.x509(1000 + index, ("certificate " + index).getBytes(StandardCharsets.UTF_8),
                LeafIndexExtension.encode(index));
    }

    private static void assertFound(EntryIndex index, long at) {
        TimestampedEntry entry = entry(at);
        assertEquals(OptionalLong.of(at), index.find(Merkle.leafHash(entry.merkleTreeLeaf())));
        assertEquals(Optional.of(new LogStorage.Logged(at, 1000 + at)), index.find(EntryKey.of(entry)));
    }

    private static void assertMissing(EntryIndex index, long at) {
        TimestampedEntry entry = entry(at);
        assertFalse(index.find(Merkle.leafHash(entry.merkleTreeLeaf())).isPresent());
        assertFalse(index.find(EntryKey.of(entry)).isPresent());
    }

    @Test
    void findsEveryEntryByLeafHashAndByKeyAfterARestart() {
        try (EntryIndex index = EntryIndex.open(file())) {
            index.append(entries(0, 300));
            index.append(entries(300, 5));
            assertEquals(305, index.count());
            assertFound(index, 0);
            assertFound(index, 304);
            assertMissing(index, 305);
        }
        try (EntryIndex index = EntryIndex.open(file())) {
            assertEquals(305, index.count());
            for (long at = 0; at < 305; at += 17) {
                assertFound(index, at);
            }
            index.append(entries(305, 1));
            assertFound(index, 305);
        }
    }

    @Test
    void aCrashKeepsWhatWasCommittedAndACountNoHigherThanItsRecords() {
        EntryIndex crashed = EntryIndex.open(file());
        crashed.append(entries(0, 10));
        crashed.append(entries(10, 10));
        crashed.closeAsInACrash();
        try (EntryIndex index = EntryIndex.open(file())) {
            // The count of the last append may be lost; the log then re-appends from there (idempotently).
            long count = index.count();
            assertEquals(true, count == 10 || count == 20, "count " + count);
            for (long at = 0; at < 20; at++) {
                assertFound(index, at);
            }
            index.append(entries(count, (int) (20 - count)));
            assertEquals(20, index.count());
            assertFound(index, 19);
        }
    }

    @Test
    void truncatingBelowWhatIsRecordedForgetsEverythingForARebuild() {
        try (EntryIndex index = EntryIndex.open(file())) {
            index.append(entries(0, 10));
            index.truncate(10);
            assertEquals(10, index.count());
            assertFound(index, 9);
            index.truncate(6);
            assertEquals(0, index.count());
            assertMissing(index, 0);
            assertMissing(index, 8);
        }
        try (EntryIndex index = EntryIndex.open(file())) {
            assertEquals(0, index.count());
            assertMissing(index, 8);
        }
    }

    @Test
    void anUnreadableFileIsReplacedByAnEmptyIndex() throws Exception {
        java.nio.file.Files.write(file(), new byte[8192]);
        try (EntryIndex index = EntryIndex.open(file())) {
            assertEquals(0, index.count());
            index.append(entries(0, 3));
            assertFound(index, 2);
        }
    }

    @Test
    void theFirstEntryOfAKeyStaysTheOneFound() {
        try (EntryIndex index = EntryIndex.open(file())) {
            TimestampedEntry first = entry(0);
            TimestampedEntry duplicate = TimestampedEntry.x509(2000, first.signedData(), LeafIndexExtension.encode(1));
            index.append(List.of(LogStorage.Entry.of(first), LogStorage.Entry.of(duplicate)));
            assertEquals(Optional.of(new LogStorage.Logged(0, 1000)), index.find(EntryKey.of(duplicate)));
            assertEquals(OptionalLong.of(1), index.find(Merkle.leafHash(duplicate.merkleTreeLeaf())));
        }
    }
}
