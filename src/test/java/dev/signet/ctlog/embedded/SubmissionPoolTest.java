package dev.signet.ctlog.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.EntryType;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The pool's caps on entries and bytes, the outside share of each, and its keys across a batch. */
class SubmissionPoolTest {
    private static int serial;

    /** A pending submission holding {@code certificateBytes} of DER besides the fixed overhead. */
    private static Pending pending(boolean outside, int certificateBytes) {
        byte[] signed = new byte[certificateBytes];
        signed[0] = (byte) ++serial;
        signed[1] = (byte) (serial >> 8);
        AcceptedChain chain = new AcceptedChain(EntryType.X509_ENTRY, new byte[0], new byte[0], signed, List.of(),
                List.of());
        return new Pending(chain, EntryKey.of(EntryType.X509_ENTRY, new byte[0], signed), outside,
                new CompletableFuture<>());
    }

    private static void assertBusy(SubmissionPool pool, Pending pending) {
        assertEquals(ErrorKind.LOG_BUSY, assertThrows(SignetException.class, () -> pool.add(pending)).kind());
    }

    @Test
    void theByteCapTurnsAwayASubmissionThatWouldPassIt() {
        long each = pending(false, 10_000).bytes();
        SubmissionPool pool = new SubmissionPool(1000, 3 * each, 1.0);
        pool.add(pending(false, 10_000));
        pool.add(pending(true, 10_000));
        pool.add(pending(false, 10_000));
        assertBusy(pool, pending(false, 10_000));
        assertBusy(pool, pending(false, 2));
        assertEquals(3, pool.size());
        assertEquals(3, pool.takeBatch().size());
        pool.add(pending(false, 10_000));
        assertEquals(1, pool.size());
    }

    @Test
    void outsideSubmissionsGetTheirShareOfEntriesAndBytesAndOwnOnesTheWholePool() {
        long each = pending(false, 1000).bytes();
        SubmissionPool byEntries = new SubmissionPool(4, 100 * each, 0.5);
        byEntries.add(pending(true, 1000));
        byEntries.add(pending(true, 1000));
        assertBusy(byEntries, pending(true, 1000));
        byEntries.add(pending(false, 1000));
        byEntries.add(pending(false, 1000));
        assertBusy(byEntries, pending(false, 1000));

        SubmissionPool byBytes = new SubmissionPool(100, 4 * each, 0.5);
        byBytes.add(pending(true, 1000));
        byBytes.add(pending(true, 1000));
        assertBusy(byBytes, pending(true, 1000));
        byBytes.add(pending(false, 1000));
        byBytes.add(pending(false, 1000));
        assertBusy(byBytes, pending(false, 1000));

        SubmissionPool tiny = new SubmissionPool(1, 100 * each, 0.5);
        tiny.add(pending(true, 1000)); // at least one entry for outside submissions
    }

    @Test
    void aKeyIsFoundWhileWaitingAndInFlightAndForgottenWhenItsBatchFinished() {
        SubmissionPool pool = new SubmissionPool(10, 1 << 20, 0.5);
        Pending pending = pending(true, 100);
        pool.add(pending);
        assertSame(pending, pool.find(pending.key()).orElseThrow());
        pool.takeBatch();
        assertSame(pending, pool.find(pending.key()).orElseThrow());
        long finished = pool.finishedBatches();
        pool.batchFinished();
        assertTrue(pool.find(pending.key()).isEmpty());
        assertEquals(finished + 1, pool.finishedBatches());
    }

    /**
     * A submission looks its key up in the index again whenever a batch finished since its first
     * lookup. An empty batch indexes nothing, so it must not count: with a pool period shorter than
     * one index lookup (a new database connection, a slow disk), every lookup saw an empty batch
     * finish and the duplicate looked again forever.
     */
    @Test
    void anEmptyBatchIsNotCountedAsFinishedSinceItIndexedNothing() {
        SubmissionPool pool = new SubmissionPool(10, 1 << 20, 0.5);
        long finished = pool.finishedBatches();
        pool.takeBatch();
        pool.batchFinished();
        assertEquals(finished, pool.finishedBatches());

        pool.add(pending(true, 100));
        pool.takeBatch();
        pool.batchFinished();
        assertEquals(finished + 1, pool.finishedBatches());
    }
}
