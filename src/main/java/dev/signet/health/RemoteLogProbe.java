package dev.signet.health;

import dev.signet.ctlog.remote.LogTlsTrust;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A cheap, bounded reachability probe of a remote RFC 6962 log: {@code GET <url>/ct/v1/get-roots}
 * (served by TesseraCT, Trillian CTFE and Sunlight alike) with a short deadline, at most once per
 * interval, asynchronously: a readiness request never waits on the network and never causes more
 * than one probe per interval. Any answer below 500 counts as reachable; the body is not read. The
 * log's TLS certificate is verified as submissions verify it ({@link LogTlsTrust}), so a probe never
 * calls reachable a log that submissions could not reach.
 */
final class RemoteLogProbe implements AutoCloseable {
    /** How long one probe result is used. */
    static final Duration INTERVAL = Duration.ofSeconds(10);
    /** Connect-and-answer deadline of one probe. */
    static final Duration DEADLINE = Duration.ofSeconds(2);

    /** One probe's outcome and when it finished. */
    record Result(boolean reachable, String detail, long atNanos) {
    }

    private final HttpClient client;
    private final String url;
    private final Optional<String> hostHeader;
    private final long intervalNanos;
    private final Duration deadline;
    private final LongSupplier nanoClock;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile Result last;
    private volatile long startedNanos;

    RemoteLogProbe(Vertx vertx, String baseUrl, Optional<String> hostHeader, LogTlsTrust trust, Duration interval,
            Duration deadline, LongSupplier nanoClock) {
        this.url = baseUrl.replaceAll("/+$", "") + "/ct/v1/get-roots";
        this.hostHeader = hostHeader;
        this.intervalNanos = interval.toNanos();
        this.deadline = deadline;
        this.nanoClock = nanoClock;
        this.client = vertx.createHttpClient(trust.applyTo(new HttpClientOptions()
                .setConnectTimeout((int) deadline.toMillis())
                .setKeepAlive(false)));
    }

    /** The probed URL. */
    String url() {
        return url;
    }

    /** The latest finished probe, or null before the first one finishes. */
    Result last() {
        return last;
    }

    long secondsSince(Result result) {
        return Duration.ofNanos(nanoClock.getAsLong() - result.atNanos()).toSeconds();
    }

    /** Starts a probe unless one is running or the last one started less than an interval ago. */
    void refreshIfStale() {
        long now = nanoClock.getAsLong();
        if (last != null && now - startedNanos < intervalNanos) {
            return;
        }
        if (!inFlight.compareAndSet(false, true)) {
            return;
        }
        startedNanos = now;
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setFollowRedirects(false).setIdleTimeout(deadline.toMillis());
        hostHeader.ifPresent(host -> request.putHeader(HttpHeaders.HOST, host));
        try {
            client.request(request)
                    .compose(outgoing -> outgoing.send().onSuccess(response -> {
                        // The status is all we want: drop the stream instead of reading the roots.
                        response.exceptionHandler(ignored -> {
                        });
                        outgoing.reset();
                    }))
                    .onComplete(outcome -> {
                        if (outcome.succeeded()) {
                            int status = outcome.result().statusCode();
                            finish(status < 500, "get-roots answered " + status);
                        } else {
                            finish(false, "unreachable: " + outcome.cause().getClass().getSimpleName());
                        }
                    });
        } catch (RuntimeException e) {
            finish(false, "cannot probe: " + e.getClass().getSimpleName());
        }
    }

    private void finish(boolean reachable, String detail) {
        last = new Result(reachable, detail, nanoClock.getAsLong());
        inFlight.set(false);
    }

    @Override
    public void close() {
        client.close();
    }
}
