package dev.signet.ctlog.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which answers are retried, how long to wait, and how Retry-After is read. */
class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void onlyTimeoutRateLimitAndUnavailableAreRetryable() {
        assertTrue(RetryPolicy.isRetryable(408));
        assertTrue(RetryPolicy.isRetryable(429));
        assertTrue(RetryPolicy.isRetryable(503));
        for (int status : new int[] {200, 301, 400, 404, 500, 502, 504}) {
            assertFalse(RetryPolicy.isRetryable(status), "status " + status);
        }
    }

    @Test
    void backoffDoublesWithJitterDownToHalf() {
        for (int i = 0; i < 200; i++) {
            long first = RetryPolicy.backoffMillis(1);
            long second = RetryPolicy.backoffMillis(2);
            assertTrue(first >= 50 && first <= 100, "first " + first);
            assertTrue(second >= 100 && second <= 200, "second " + second);
        }
    }

    @Test
    void earlyAttemptsKeepHalfTheTimeForARetry() {
        assertEquals(500, RetryPolicy.attemptBudgetMillis(1000, 1));
        assertEquals(500, RetryPolicy.attemptBudgetMillis(1000, RetryPolicy.MAX_ATTEMPTS - 1));
        assertEquals(1000, RetryPolicy.attemptBudgetMillis(1000, RetryPolicy.MAX_ATTEMPTS));
        assertEquals(1, RetryPolicy.attemptBudgetMillis(0, 1));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(2)), RetryPolicy.retryAfter(" 2 ", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(0)), RetryPolicy.retryAfter("0", NOW));
        assertEquals(Optional.of(Duration.ofDays(1)), RetryPolicy.retryAfter("99999999999999999999", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryPolicy.retryAfter("Sun, 01 Mar 2026 12:00:30 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryPolicy.retryAfter("Sun, 01 Mar 2026 11:00:00 GMT", NOW));
        assertEquals(Optional.empty(), RetryPolicy.retryAfter(null, NOW));
        assertEquals(Optional.empty(), RetryPolicy.retryAfter("", NOW));
        assertEquals(Optional.empty(), RetryPolicy.retryAfter("-1", NOW));
        assertEquals(Optional.empty(), RetryPolicy.retryAfter("soon", NOW));
    }
}
