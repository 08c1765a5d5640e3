package dev.signet.ratelimit;

/**
 * One token bucket: {@code rate} tokens a second flow in up to {@code burst}; each admitted request
 * takes one. Not thread-safe: {@link RateLimiter} calls it under its lock.
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long updatedNanos;

    /** A full bucket as of {@code nowNanos}. */
    TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.tokens = burst;
        this.updatedNanos = nowNanos;
    }

    /**
     * Takes one token if there is one: returns 0. Otherwise takes nothing and returns the whole
     * seconds until a token will be there (at least 1).
     */
    long take(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        double waitNanos = (1 - tokens) / ratePerNano;
        return Math.max(1, (long) Math.ceil(waitNanos / NANOS_PER_SECOND));
    }

    /** Whether the bucket has refilled completely: forgetting it then changes nothing. */
    boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            updatedNanos = nowNanos;
        }
    }
}
