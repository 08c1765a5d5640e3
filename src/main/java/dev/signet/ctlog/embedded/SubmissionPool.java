package dev.signet.ctlog.embedded;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The submissions waiting for the next flush, and the one batch being sequenced, with the pool's
 * caps: entries and bytes in all, and the part of each that outside submissions may fill, so that
 * the rest stays for Signet's own certificates. Not thread-safe: {@link EmbeddedLog} calls it under
 * its pool lock.
 */
final class SubmissionPool {
    private final int maxEntries;
    private final long maxBytes;
    private final int maxOutsideEntries;
    private final long maxOutsideBytes;

    private List<Pending> waiting = new ArrayList<>();
    /** Waiting and in-flight submissions by key, so the same entry is never pooled twice. */
    private final Map<EntryKey, Pending> byKey = new HashMap<>();
    private List<Pending> inFlight = List.of();
    private long bytes;
    private int outsideEntries;
    private long outsideBytes;
    /** Counts finished batches that held entries: a key missing from the index may have just left this pool for it. */
    private long finishedBatches;

    /**
     * @param outsideShare the part of {@code maxEntries} and {@code maxBytes} outside submissions may
     *     fill, in (0, 1]; they get at least one entry
     */
    SubmissionPool(int maxEntries, long maxBytes, double outsideShare) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.maxOutsideEntries = Math.max(1, (int) Math.floor(maxEntries * outsideShare));
        this.maxOutsideBytes = Math.max(1, (long) Math.floor(maxBytes * outsideShare));
    }

    /** The waiting or in-flight submission of this entry. */
    Optional<Pending> find(EntryKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /**
     * Pools {@code pending}.
     *
     * @throws SignetException LOG_BUSY when it would pass a cap it counts against
     */
    void add(Pending pending) {
        long size = pending.bytes();
        if (waiting.size() >= maxEntries || bytes + size > maxBytes) {
            throw busy(waiting.size() + " pending, " + bytes + " bytes");
        }
        if (pending.outside() && (outsideEntries >= maxOutsideEntries || outsideBytes + size > maxOutsideBytes)) {
            throw busy("outside share: " + outsideEntries + " pending, " + outsideBytes + " bytes");
        }
        waiting.add(pending);
        byKey.putIfAbsent(pending.key(), pending);
        bytes += size;
        if (pending.outside()) {
            outsideEntries++;
            outsideBytes += size;
        }
    }

    /** Moves every waiting submission into the batch being sequenced and returns it. */
    List<Pending> takeBatch() {
        List<Pending> batch = waiting;
        inFlight = batch;
        waiting = new ArrayList<>();
        bytes = 0;
        outsideEntries = 0;
        outsideBytes = 0;
        return batch;
    }

    /**
     * The batch being sequenced is in the index (or failed): its keys are looked up there from now on.
     * Only a batch that held entries counts as finished: an empty one indexed nothing, and counting it
     * sent a duplicate back to the index whenever one lookup took longer than the pool period, forever.
     */
    void batchFinished() {
        for (Pending pending : inFlight) {
            byKey.remove(pending.key(), pending);
        }
        if (!inFlight.isEmpty()) {
            finishedBatches++;
        }
        inFlight = List.of();
    }

    long finishedBatches() {
        return finishedBatches;
    }

    int size() {
        return waiting.size();
    }

    private static SignetException busy(String state) {
        return new SignetException(ErrorKind.LOG_BUSY, "log pool is full (" + state + ")");
    }
}
