package dev.signet.identity.oidc;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The cached keys of one issuer and the rules for refreshing them: one fetch in flight at a time
 * (callers share it), forced refreshes at most once per minimum interval, scheduled refreshes
 * lazily after the maximum age, no new attempt within the failure backoff after a failed one, a
 * fetch only when the gate admits it, and the last good keys kept when a refresh fails.
 */
final class IssuerKeys {

    private static final Logger LOG = Logger.getLogger(IssuerKeys.class);
    /** Outcome of a key fetch that produced keys, for the refresh counter. */
    static final String FETCH_OK = "ok";
    /** Outcome of a key fetch that failed (network, status, or an unacceptable document). */
    static final String FETCH_ERROR = "error";

    private final OidcIssuerSettings issuer;
    private final String issuerUrl;
    private final ProviderKeysLoader loader;
    private final Clock clock;
    private final Rules rules;

    // All guarded by this.
    private ProviderKeys keys;
    private Instant fetchedAt;
    private Instant lastAttempt;
    private SignetException lastFailure;
    private CompletableFuture<ProviderKeys> inFlight;

    /**
     * How the keys of one kind of issuer (static or meta) are refreshed.
     *
     * @param minRefreshInterval shortest time between two fetches after a successful one
     * @param maxAge             keys older than this are fetched again on next use
     * @param maxWait            longest a caller waits for a fetch
     * @param failureBackoff     shortest time between a failed fetch and the next attempt
     * @param gate               admits fetches (bounds those in flight at once)
     * @param fetchOutcomes      told {@link #FETCH_OK} or {@link #FETCH_ERROR} after every fetch
     */
    record Rules(Duration minRefreshInterval, Duration maxAge, Duration maxWait, Duration failureBackoff,
            FetchGate gate, Consumer<String> fetchOutcomes) {
    }

    IssuerKeys(OidcIssuerSettings issuer, ProviderKeysLoader loader, Clock clock, Rules rules) {
        this.issuer = issuer;
        this.issuerUrl = issuer.issuerUrl();
        this.loader = loader;
        this.clock = clock;
        this.rules = rules;
    }

    /**
     * The keys to verify with now: the cached ones while younger than the maximum age, otherwise
     * freshly fetched ones, or the stale ones if that fetch fails.
     *
     * @throws SignetException when there are no keys at all and none can be fetched
     */
    ProviderKeys current() {
        return current(true);
    }

    /**
     * {@link #current()}, or when {@code mayWait} is false and the keys must be fetched first (or a
     * fetch is in flight), {@link KeysNotReady} at once: no fetch is started then.
     */
    ProviderKeys current(boolean mayWait) {
        Pending pending;
        ProviderKeys stale;
        synchronized (this) {
            Instant now = clock.instant();
            if (keys != null && now.isBefore(fetchedAt.plus(rules.maxAge()))) {
                return keys;
            }
            stale = keys;
            if (inFlight == null && recentlyAttempted(now)) {
                if (stale != null) {
                    return stale;
                }
                throw failureOfLastAttempt();
            }
            if (!mayWait) {
                throw KeysNotReady.INSTANCE;
            }
            pending = joinOrStart(now);
            if (pending == null) {
                if (stale != null) {
                    return stale;
                }
                throw busy();
            }
        }
        try {
            return await(pending);
        } catch (SignetException e) {
            if (stale != null) {
                LOG.warnf("Keeping the cached keys of %s: refresh failed (%s)", issuerUrl, e.getMessage());
                return stale;
            }
            throw e;
        }
    }

    /**
     * Fetches the keys again because a token named a key we do not have, unless a fetch happened
     * within the minimum interval.
     *
     * @return the fresh keys, or null when a refresh is not allowed yet and the last one succeeded
     * @throws SignetException when the refresh fails, or is not allowed yet and the last one failed
     */
    ProviderKeys refreshForUnknownKey() {
        return refreshForUnknownKey(true);
    }

    /** {@link #refreshForUnknownKey()}, or {@link KeysNotReady} when it would wait and {@code mayWait} is false. */
    ProviderKeys refreshForUnknownKey(boolean mayWait) {
        Pending pending;
        synchronized (this) {
            Instant now = clock.instant();
            if (inFlight == null && recentlyAttempted(now)) {
                if (lastFailure != null) {
                    throw failureOfLastAttempt();
                }
                return null;
            }
            if (!mayWait) {
                throw KeysNotReady.INSTANCE;
            }
            pending = joinOrStart(now);
            if (pending == null) {
                throw busy();
            }
        }
        return await(pending);
    }

    private boolean recentlyAttempted(Instant now) {
        Duration quiet = lastFailure != null ? rules.failureBackoff() : rules.minRefreshInterval();
        return lastAttempt != null && now.isBefore(lastAttempt.plus(quiet));
    }

    /** The gate admits no more fetches now: not this issuer's failure, so nothing is remembered. */
    private SignetException busy() {
        return new SignetException(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE,
                "keys of " + issuerUrl + " not fetched: too many key fetches of its kind in flight");
    }

    private SignetException failureOfLastAttempt() {
        ErrorKind kind = lastFailure == null ? ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE : lastFailure.kind();
        return new SignetException(kind, "keys of " + issuerUrl + " unavailable; last fetch failed recently",
                lastFailure);
    }

    /**
     * Joins the fetch in flight, or claims a new one that this thread must run (outside the lock);
     * null when the gate admits no new fetch. Called holding the lock.
     */
    private Pending joinOrStart(Instant now) {
        if (inFlight != null) {
            return new Pending(inFlight, false);
        }
        if (!rules.gate().tryEnter()) {
            return null;
        }
        inFlight = new CompletableFuture<>();
        lastAttempt = now;
        return new Pending(inFlight, true);
    }

    private ProviderKeys await(Pending pending) {
        if (pending.leader()) {
            fetchAndPublish(pending.keys());
        }
        try {
            return pending.keys().get(rules.maxWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignetException(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE,
                    "interrupted waiting for keys of " + issuerUrl);
        } catch (TimeoutException e) {
            throw new SignetException(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE,
                    "timed out waiting for keys of " + issuerUrl);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SignetException) {
                SignetException failure = (SignetException) cause;
                throw new SignetException(failure.kind(), failure.getMessage(), failure);
            }
            throw new SignetException(ErrorKind.INTERNAL, "fetching keys of " + issuerUrl + " failed", cause);
        }
    }

    private void fetchAndPublish(CompletableFuture<ProviderKeys> mine) {
        ProviderKeys fetched = null;
        SignetException failure = null;
        try {
            fetched = loader.load(issuer);
        } catch (SignetException e) {
            failure = e;
        } catch (RuntimeException | StackOverflowError e) {
            failure = new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN,
                    "loading keys of " + issuerUrl + " failed: " + e.getClass().getSimpleName());
        } finally {
            rules.gate().exit();
        }
        synchronized (this) {
            if (fetched != null) {
                keys = fetched;
                fetchedAt = clock.instant();
                lastFailure = null;
            } else {
                lastFailure = failure;
            }
            inFlight = null;
        }
        rules.fetchOutcomes().accept(fetched != null ? FETCH_OK : FETCH_ERROR);
        if (fetched != null) {
            LOG.debugf("Fetched %d keys of %s", fetched.keys().size(), issuerUrl);
            mine.complete(fetched);
        } else {
            mine.completeExceptionally(failure);
        }
    }

    /** A fetch to wait for; the leader is the one thread that runs it. */
    private record Pending(CompletableFuture<ProviderKeys> keys, boolean leader) {
    }
}
