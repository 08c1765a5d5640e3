package dev.signet.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Token-bucket arithmetic on a hand-driven clock, and the bound on how many buckets are kept. */
class RateLimiterTest {
    private long now = 1_000_000_000L;

    private RateLimiter limiter(double rate, int burst, int maxTracked) {
        return new RateLimiter(rate, burst, maxTracked, () -> now);
    }

    private void advance(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void admitsTheBurstThenAsksToWaitForOneToken() {
        RateLimiter limiter = limiter(2, 3, 100);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.acquire("a"), "request " + i + " of the burst");
        }
        // 2 tokens a second: the next token is 0.5 s away, which rounds up to 1 s.
        assertEquals(1, limiter.acquire("a"));
        advance(499);
        assertEquals(1, limiter.acquire("a"));
        advance(1);
        assertEquals(0, limiter.acquire("a"), "one token after 500 ms");
        assertEquals(1, limiter.acquire("a"));
    }

    @Test
    void retryAfterRoundsUpTheWaitForSlowRates() {
        RateLimiter limiter = limiter(0.1, 1, 100);
        assertEquals(0, limiter.acquire("a"));
        assertEquals(10, limiter.acquire("a"), "one token every 10 s");
        advance(2_500);
        assertEquals(8, limiter.acquire("a"), "7.5 s left rounds up to 8");
        advance(7_400);
        assertEquals(1, limiter.acquire("a"), "0.1 s left is still 1 s");
        advance(100);
        assertEquals(0, limiter.acquire("a"));
    }

    @Test
    void refillStopsAtTheBurst() {
        RateLimiter limiter = limiter(10, 2, 100);
        limiter.acquire("a");
        limiter.acquire("a");
        advance(60_000);
        assertEquals(0, limiter.acquire("a"));
        assertEquals(0, limiter.acquire("a"));
        assertEquals(1, limiter.acquire("a"), "a minute of quiet gives back only the burst");
    }

    @Test
    void refusedRequestsTakeNoToken() {
        RateLimiter limiter = limiter(1, 1, 100);
        limiter.acquire("a");
        for (int i = 0; i < 50; i++) {
            limiter.acquire("a");
        }
        advance(1_000);
        assertEquals(0, limiter.acquire("a"), "hammering while refused does not push the next token away");
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        RateLimiter limiter = limiter(1, 1, 100);
        assertEquals(0, limiter.acquire("a"));
        assertEquals(1, limiter.acquire("a"));
        assertEquals(0, limiter.acquire("b"));
    }

    @Test
    void aClockGoingBackwardsAddsNoTokens() {
        RateLimiter limiter = limiter(1, 1, 100);
        limiter.acquire("a");
        now -= TimeUnit.SECONDS.toNanos(30);
        assertEquals(1, limiter.acquire("a"));
    }

    @Test
    void rotatingKeysCannotGrowTheMapPastItsBound() {
        RateLimiter limiter = limiter(1, 5, 1000);
        for (int i = 0; i < 200_000; i++) {
            limiter.acquire("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
            assertTrue(limiter.tracked() <= 1000);
        }
        assertEquals(1000, limiter.tracked());
    }

    @Test
    void aFullMapDropsRefilledBucketsBeforeActiveOnes() {
        RateLimiter limiter = limiter(0.01, 2, 16);
        // The least recently used bucket, drained: 200 s to refill.
        limiter.acquire("active");
        limiter.acquire("active");
        // Fifteen clients that sent one request each: 100 s to refill.
        for (int i = 0; i < 15; i++) {
            limiter.acquire("idle-" + i);
        }
        advance(150_000);
        limiter.acquire("newcomer");
        assertEquals(2, limiter.tracked(), "the refilled buckets were dropped");
        assertEquals(0, limiter.acquire("active"), "1.5 tokens");
        assertEquals(50, limiter.acquire("active"), "the active bucket was kept, half a token short");
    }

    @Test
    void whenEveryBucketIsActiveTheLeastRecentlyUsedGoes() {
        RateLimiter limiter = limiter(0.001, 1, 16);
        for (int i = 0; i < 16; i++) {
            limiter.acquire("k" + i);
        }
        limiter.acquire("k0");
        limiter.acquire("newcomer");
        assertEquals(16, limiter.tracked());
        assertTrue(limiter.acquire("k0") > 0, "k0 was used recently and kept its empty bucket");
        assertEquals(0, limiter.acquire("k1"), "k1 was least recently used: dropped, so it starts full");
    }

    @Test
    void refusesNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> limiter(0, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> limiter(Double.NaN, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> limiter(1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> limiter(1, 1, 0));
    }
}
