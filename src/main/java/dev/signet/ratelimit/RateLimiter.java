package dev.signet.ratelimit;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a client address or an identity) in a map of at most {@code maxTracked}
 * entries. A new key in a full map first drops buckets that have refilled (they are the same as no
 * bucket), then the least recently used one, so memory stays bounded whatever keys clients invent.
 */
public final class RateLimiter {
    /** Buckets examined for being full per insertion into a full map, so one insertion stays cheap. */
    private static final int SWEEP_LIMIT = 64;

    private final double rate;
    private final int burst;
    private final int maxTracked;
    private final LongSupplier nanoClock;
    /** Access order: the eldest entry is the least recently used bucket. */
    private final LinkedHashMap<String, TokenBucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

    /**
     * @param rate       tokens a second
     * @param burst      bucket size
     * @param maxTracked most buckets kept
     * @param nanoClock  a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public RateLimiter(double rate, int burst, int maxTracked, LongSupplier nanoClock) {
        if (!(rate > 0) || burst < 1 || maxTracked < 1) {
            throw new IllegalArgumentException("rate, burst and maxTracked must be positive");
        }
        this.rate = rate;
        this.burst = burst;
        this.maxTracked = maxTracked;
        this.nanoClock = nanoClock;
    }

    /**
     * Takes a token from {@code key}'s bucket: 0 when admitted, otherwise the whole seconds until
     * the key has a token again (at least 1).
     */
    public synchronized long acquire(String key) {
        long now = nanoClock.getAsLong();
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxTracked) {
                makeRoom(now);
            }
            bucket = new TokenBucket(rate, burst, now);
            buckets.put(key, bucket);
        }
        return bucket.take(now);
    }

    /** Buckets currently held (for tests and metrics). */
    public synchronized int tracked() {
        return buckets.size();
    }

    private void makeRoom(long now) {
        Iterator<Map.Entry<String, TokenBucket>> eldestFirst = buckets.entrySet().iterator();
        for (int examined = 0; examined < SWEEP_LIMIT && eldestFirst.hasNext(); examined++) {
            if (eldestFirst.next().getValue().isFull(now)) {
                eldestFirst.remove();
            }
        }
        // Still full of active buckets: the least recently used one goes; at worst its owner gets a fresh burst.
        Iterator<String> eldest = buckets.keySet().iterator();
        while (buckets.size() >= maxTracked && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
