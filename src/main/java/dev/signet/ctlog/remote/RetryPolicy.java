package dev.signet.ctlog.remote;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a submission to a remote log is tried again: at most {@link #MAX_ATTEMPTS} attempts, only
 * after 408, 429, 503, a transport error or an attempt's own timeout, with exponential backoff and
 * jitter, or later if the log's {@code Retry-After} asks (all within the total deadline).
 */
final class RetryPolicy {
    /** Attempts per submission, the first included. */
    static final int MAX_ATTEMPTS = 3;
    /** Backoff before the second attempt; doubled for each further one. */
    static final Duration BASE_BACKOFF = Duration.ofMillis(100);

    private RetryPolicy() {
    }

    /** Statuses that say "try again": request timeout, too many requests, unavailable. */
    static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status == 503;
    }

    /**
     * Time an attempt may take: half of what is left while further attempts remain, so that a hung
     * log still leaves room for a retry; everything left on the last attempt.
     */
    static long attemptBudgetMillis(long remainingMillis, int attempt) {
        return attempt < MAX_ATTEMPTS ? Math.max(1, remainingMillis / 2) : Math.max(1, remainingMillis);
    }

    /** Wait after the {@code attemptsMade}th attempt failed: base × 2^(n−1), jittered down by up to half. */
    static long backoffMillis(int attemptsMade) {
        long full = BASE_BACKOFF.toMillis() << Math.min(10, Math.max(0, attemptsMade - 1));
        // Jitter spreads the retries of many concurrent issuances hitting one busy log.
        return full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1);
    }

    /**
     * The delay asked by a {@code Retry-After} value (delta-seconds or an HTTP date), or empty when
     * absent or unparsable. A date in the past is a zero delay.
     */
    static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.isEmpty() || value.length() > 64) {
            return Optional.empty();
        }
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Anything beyond a day is as good as "not within the deadline".
            return Optional.of(Duration.ofSeconds(value.length() > 6 ? 86_400 : Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration delay = Duration.between(now, at);
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
