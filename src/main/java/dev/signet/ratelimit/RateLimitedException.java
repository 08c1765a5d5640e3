package dev.signet.ratelimit;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;

/** A request refused by a rate limit: RATE_LIMITED (429, RESOURCE_EXHAUSTED) with the seconds to wait. */
public class RateLimitedException extends SignetException {
    private final long retryAfterSeconds;

    public RateLimitedException(String scope, long retryAfterSeconds) {
        super(ErrorKind.RATE_LIMITED, "rate limit per " + scope + " exceeded; retry after " + retryAfterSeconds + "s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until the client has a token again, for {@code Retry-After}. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
