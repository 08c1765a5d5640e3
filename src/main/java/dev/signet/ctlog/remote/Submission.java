package dev.signet.ctlog.remote;

import dev.signet.ctlog.AddChainResponse;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One POST to a remote log with its retries, run on one Vert.x event-loop context (so its fields
 * need no locks). It completes {@link #result} with the 200 body, or with a {@code CT_LOG}
 * {@link SignetException} once the log fails for good or the total deadline passes, whatever
 * phase (connect, headers, body) the current attempt is in.
 */
final class Submission {
    private static final Logger LOG = Logger.getLogger(Submission.class);
    /** How much of an error body is kept: enough for the log's message. */
    static final int ERROR_BODY_BYTES = 1024;
    private static final int LOGGED_CHARS = 256;

    final CompletableFuture<byte[]> result = new CompletableFuture<>();

    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final Supplier<RequestOptions> request;
    private final Buffer payload;
    private final String target;
    private final long deadlineNanos;

    private int attempts;
    /** Bumped whenever an attempt is abandoned, so its late events are ignored. */
    private int generation;
    private HttpClientRequest current;
    private long deadlineTimer = -1;
    private long attemptTimer = -1;
    private long retryTimer = -1;
    private String lastProblem = "none";

    Submission(Vertx vertx, Context context, HttpClient client, Supplier<RequestOptions> request, Buffer payload,
            String target, long deadlineNanos) {
        this.vertx = vertx;
        this.context = context;
        this.client = client;
        this.request = request;
        this.payload = payload;
        this.target = target;
        this.deadlineNanos = deadlineNanos;
    }

    /** Starts the first attempt; call on {@link #context}. */
    void start() {
        long remaining = remainingMillis();
        if (remaining <= 0) {
            fail("the deadline passed before the first attempt");
            return;
        }
        deadlineTimer = vertx.setTimer(remaining, id -> fail("the deadline passed"));
        attempt();
    }

    /** Abandons the submission from any thread (the caller was interrupted or gave up waiting). */
    void cancel(String why) {
        context.runOnContext(ignored -> fail(why));
    }

    private void attempt() {
        if (result.isDone()) {
            return;
        }
        long remaining = remainingMillis();
        if (remaining <= 0) {
            fail("the deadline passed");
            return;
        }
        attempts++;
        int attemptGeneration = ++generation;
        long budget = RetryPolicy.attemptBudgetMillis(remaining, attempts);
        attemptTimer = vertx.setTimer(budget, id -> {
            if (attemptGeneration == generation) {
                retry("no complete answer within " + budget + " ms", Optional.empty(), true);
            }
        });
        client.request(request.get()).onComplete(created -> {
            if (attemptGeneration != generation || result.isDone()) {
                if (created.succeeded()) {
                    created.result().reset();
                }
                return;
            }
            if (created.failed()) {
                retry(describe(created.cause()), Optional.empty(), false);
                return;
            }
            HttpClientRequest sending = created.result();
            current = sending;
            sending.exceptionHandler(e -> {
                if (attemptGeneration == generation) {
                    retry(describe(e), Optional.empty(), true);
                }
            });
            sending.send(payload).onComplete(sent -> {
                if (attemptGeneration != generation) {
                    return;
                }
                if (sent.failed()) {
                    retry(describe(sent.cause()), Optional.empty(), true);
                } else {
                    onResponse(attemptGeneration, sent.result());
                }
            });
        });
    }

    private void onResponse(int attemptGeneration, HttpClientResponse response) {
        // Set first: resetting a response without an exception handler makes Vert.x log an error.
        response.exceptionHandler(e -> {
            if (attemptGeneration == generation) {
                retry(describe(e), Optional.empty(), true);
            }
        });
        int status = response.statusCode();
        String retryAfter = response.getHeader(HttpHeaders.RETRY_AFTER);
        boolean ok = status == 200;
        int cap = ok ? AddChainResponse.MAX_BYTES : ERROR_BODY_BYTES;
        if (ok && declaredLength(response) > cap) {
            fail("the log's answer declares more than " + cap + " bytes");
            return;
        }
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (attemptGeneration != generation) {
                return;
            }
            if ((long) body.length() + chunk.length() <= cap) {
                body.appendBuffer(chunk);
            } else if (ok) {
                fail("the log's answer is larger than " + cap + " bytes");
            } else {
                // The start of an error body is all the log detail needs; the rest is not awaited.
                body.appendBuffer(chunk, 0, cap - body.length());
                finished(status, body, retryAfter, true);
            }
        });
        response.endHandler(ignored -> {
            if (attemptGeneration == generation) {
                finished(status, body, retryAfter, false);
            }
        });
    }

    private void finished(int status, Buffer body, String retryAfter, boolean truncated) {
        if (status == 200) {
            if (result.complete(body.getBytes())) {
                cancelTimers();
            }
            return;
        }
        String problem = "HTTP " + status + " " + printable(body.getBytes(), truncated);
        if (RetryPolicy.isRetryable(status)) {
            retry(problem, RetryPolicy.retryAfter(retryAfter, Instant.now()), truncated);
        } else {
            lastProblem = problem;
            fail("the answer is final");
        }
    }

    private void retry(String problem, Optional<Duration> retryAfter, boolean dropConnection) {
        if (result.isDone()) {
            return;
        }
        lastProblem = problem;
        generation++;
        vertx.cancelTimer(attemptTimer);
        if (dropConnection && current != null) {
            current.reset();
        }
        current = null;
        if (attempts >= RetryPolicy.MAX_ATTEMPTS) {
            fail("no attempt left");
            return;
        }
        long remaining = remainingMillis();
        long delay = RetryPolicy.backoffMillis(attempts);
        if (retryAfter.isPresent()) {
            long asked = retryAfter.get().toMillis();
            if (asked >= remaining) {
                fail("the log asked to retry after " + asked + " ms, beyond the deadline");
                return;
            }
            delay = Math.max(delay, asked);
        }
        if (delay >= remaining) {
            fail("no time left for another attempt");
            return;
        }
        LOG.debugf("Remote log %s attempt %d failed (%s); retrying in %d ms", target, attempts, problem, delay);
        retryTimer = vertx.setTimer(Math.max(1, delay), id -> attempt());
    }

    private void fail(String why) {
        SignetException failure = new SignetException(ErrorKind.CT_LOG, "remote log " + target + ": " + why
                + " after " + attempts + " attempt(s); last problem: " + lastProblem);
        if (result.completeExceptionally(failure)) {
            cancelTimers();
            generation++;
            if (current != null) {
                current.reset();
                current = null;
            }
        }
    }

    private void cancelTimers() {
        vertx.cancelTimer(deadlineTimer);
        vertx.cancelTimer(attemptTimer);
        vertx.cancelTimer(retryTimer);
    }

    private long remainingMillis() {
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    private static long declaredLength(HttpClientResponse response) {
        String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1; // the streaming cap still applies
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        String text = failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return printable(text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** A log-safe rendering of bytes from the log: printable ASCII only, shortened. */
    static String printable(byte[] bytes, boolean truncated) {
        int length = Math.min(bytes.length, LOGGED_CHARS);
        StringBuilder text = new StringBuilder(length + 8).append('"');
        for (int i = 0; i < length; i++) {
            int c = bytes[i] & 0xFF;
            text.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        text.append('"');
        if (truncated || bytes.length > length) {
            text.append(" (truncated)");
        }
        return text.toString();
    }
}
