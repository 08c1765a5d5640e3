package dev.signet.bench;

import dev.signet.bench.IssuanceClient.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load phases: a closed loop (a fixed number of requests always in flight) and an open loop (a
 * fixed send rate, latency counted from each request's intended send time, so a stalled server
 * cannot hide its queue). Both are bounded in time and in requests in flight.
 */
final class LoadPhases {
    /** Requests still unanswered this long after a phase are counted as errors and abandoned. */
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final IssuanceFixtures fixtures;
    private final AtomicLong sequence;
    private final ServerProbe server;

    /** What one phase measured, before the server-side figures that need the phase to be over. */
    record Measured(long ok, long backpressure, long errors, Histogram latencyMicros, double seconds,
            long serverCpuNanos, long clientCpuNanos, double gcPauseMillis, String loadAverage, long sent,
            long compilerCpuNanos, double warmupSeconds) {
    }

    /** The JIT counts as settled when its compiler threads use less than this share of a core over a probe. */
    static final double JIT_SETTLED_CORES = 0.05;
    private static final Duration JIT_PROBE = Duration.ofSeconds(5);

    LoadPhases(IssuanceFixtures fixtures, AtomicLong sequence, ServerProbe server) {
        this.fixtures = fixtures;
        this.sequence = sequence;
        this.server = server;
    }

    /**
     * Sequential requests until 20 succeed (at most 120 s), outside any measurement: the first request
     * makes the server fetch the issuer's keys, and 500 waiting for that on a busy machine would time out.
     */
    void prime(IssuanceClient client, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int ok = 0;
        while (ok < 20 && System.nanoTime() < deadline) {
            Outcome outcome = client.issue(fixtures.get(sequence.getAndIncrement()))
                    .toCompletableFuture().get(timeoutMillis + 5000, TimeUnit.MILLISECONDS);
            ok += outcome == Outcome.OK ? 1 : 0;
        }
        Map<String, Long> failures = client.takeFailureReasons();
        if (ok == 0) {
            throw new IllegalStateException(client.protocol() + ": no certificate while priming: " + failures);
        }
        if (!failures.isEmpty()) {
            System.out.println(client.protocol() + " priming failures (not measured): " + failures);
        }
    }

    /**
     * {@code concurrency} requests always in flight; latency from send to answer. The warm-up lasts
     * at least {@code minWarmup} and then until the server's JIT compiler threads have settled (under
     * {@link #JIT_SETTLED_CORES} over a 5 s probe) or {@code maxWarmup} has passed, so the measured
     * window shows the server's steady state rather than its compiler. Both figures are reported.
     */
    Measured closedLoop(IssuanceClient client, int concurrency, Duration minWarmup, Duration maxWarmup,
            Duration measure) throws InterruptedException {
        Counters counters = new Counters();
        long start = System.nanoTime();
        Schedule schedule = new Schedule();
        CountDownLatch done = new CountDownLatch(concurrency);
        AtomicLong sent = new AtomicLong();
        for (int i = 0; i < concurrency; i++) {
            new ClosedSlot(client, counters, schedule, done, sent).sendNext();
        }
        warmUp(start, minWarmup, maxWarmup);
        long measureFrom = System.nanoTime() + 1_000_000L;
        long end = measureFrom + measure.toNanos();
        schedule.measure(measureFrom, end);
        Window window = Window.open(measureFrom, server, ServerProbe::ownCpuNanos);
        window.close(end, server);
        if (!done.await(DRAIN.toSeconds(), TimeUnit.SECONDS)) {
            counters.errors.addAndGet(done.getCount());
        }
        return window.result(counters, measure, sent.get(), (measureFrom - start) / 1e9);
    }

    /** A load generator in another process that runs its own closed loop (the Node.js client). */
    interface ExternalLoop {
        /** Starts its requests in flight, re-sent as each answers. */
        void start() throws IOException;

        /** Counts answers from now for {@code window}, then stops sending. */
        void measure(Duration window) throws IOException;

        /** Waits for the window's figures (the generator drains its requests, bounded, first). */
        ExternalResult result() throws IOException;

        /** The generator process's CPU so far, nanoseconds. */
        long cpuNanos();
    }

    /** What an external generator counted in the window. */
    record ExternalResult(long ok, long backpressure, long errors, Histogram latencyMicros, long sent) {
    }

    /**
     * {@link #closedLoop} with the requests sent by {@code loop}: the same warm-up rule (at least
     * {@code minWarmup}, then until the server's JIT settles, at most {@code maxWarmup}) and the same
     * server figures over the window; the client's CPU is the generator's.
     */
    Measured closedLoop(ExternalLoop loop, Duration minWarmup, Duration maxWarmup, Duration measure)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        loop.start();
        warmUp(start, minWarmup, maxWarmup);
        long measureFrom = System.nanoTime();
        Window window = Window.open(measureFrom, server, loop::cpuNanos);
        loop.measure(measure);
        window.close(measureFrom + measure.toNanos(), server);
        ExternalResult result = loop.result();
        return window.result(result.ok(), result.backpressure(), result.errors(), result.latencyMicros(), measure,
                result.sent(),
                (measureFrom - start) / 1e9);
    }

    /** At least {@code minWarmup} from {@code start}, then until the server's JIT settles or {@code maxWarmup} has passed. */
    private void warmUp(long start, Duration minWarmup, Duration maxWarmup) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(minWarmup.toNanos());
        long warmupEnd = start + Math.max(minWarmup.toNanos(), maxWarmup.toNanos());
        boolean settled = false;
        while (!settled && System.nanoTime() + JIT_PROBE.toNanos() <= warmupEnd) {
            settled = jitSettled(); // waits one probe
        }
    }

    private boolean jitSettled() throws InterruptedException {
        long before = server.compilerCpuNanos();
        TimeUnit.NANOSECONDS.sleep(JIT_PROBE.toNanos());
        long after = server.compilerCpuNanos();
        return before >= 0 && after >= 0 && (after - before) < JIT_SETTLED_CORES * JIT_PROBE.toNanos();
    }

    /** The measured window of a closed loop, unknown until the warm-up ends. */
    private static final class Schedule {
        private volatile long measureFrom = Long.MAX_VALUE;
        private volatile long end = Long.MAX_VALUE;

        void measure(long from, long until) {
            end = until;
            measureFrom = from;
        }

        boolean counts(long nanoTime) {
            return nanoTime >= measureFrom && nanoTime < end;
        }

        boolean over(long nanoTime) {
            return nanoTime >= end;
        }
    }

    /**
     * {@code rate} requests per second for lead-in plus measurement, each sent at its intended time
     * (or at once when the sender is late); only requests intended inside the measured window count.
     */
    Measured openLoop(IssuanceClient client, double rate, int maxInFlight, Duration leadIn, Duration measure)
            throws InterruptedException {
        Counters counters = new Counters();
        long start = System.nanoTime() + 10_000_000L;
        long measureFrom = start + leadIn.toNanos();
        long end = measureFrom + measure.toNanos();
        double interval = 1e9 / rate;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong sent = new AtomicLong();
        Thread sender = new Thread(() -> {
            for (long i = 0;; i++) {
                long intended = start + (long) (i * interval);
                if (intended >= end) {
                    return;
                }
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                boolean counted = intended >= measureFrom;
                if (inFlight.get() >= maxInFlight) {
                    // The bound on requests in flight: a request that cannot be sent is a failure, not a skip.
                    if (counted) {
                        counters.errors.incrementAndGet();
                    }
                    continue;
                }
                inFlight.incrementAndGet();
                sent.incrementAndGet();
                client.issue(fixtures.get(sequence.getAndIncrement())).whenComplete((outcome, failure) -> {
                    inFlight.decrementAndGet();
                    if (counted) {
                        counters.record(failure == null ? outcome : Outcome.ERROR, intended);
                    }
                });
            }
        }, "bench-open-loop");
        sender.setDaemon(true);
        sender.start();
        Window window = Window.open(measureFrom, server, ServerProbe::ownCpuNanos);
        window.close(end, server);
        sender.join(DRAIN.toMillis());
        long drainUntil = System.nanoTime() + DRAIN.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(20);
        }
        counters.errors.addAndGet(inFlight.get());
        return window.result(counters, measure, sent.get(), leadIn.toNanos() / 1e9);
    }

    /** Outcome counts and the latency histogram of one phase. */
    private static final class Counters {
        final Recorder latency = new Recorder(3);
        final AtomicLong ok = new AtomicLong();
        final AtomicLong backpressure = new AtomicLong();
        final AtomicLong errors = new AtomicLong();

        void record(Outcome outcome, long fromNanos) {
            switch (outcome) {
                case OK -> {
                    latency.recordValue(Math.max(1, (System.nanoTime() - fromNanos) / 1000));
                    ok.incrementAndGet();
                }
                case BACKPRESSURE -> backpressure.incrementAndGet();
                default -> errors.incrementAndGet();
            }
        }
    }

    /** One request in flight, re-sent as soon as it answers, until the end of the phase. */
    private final class ClosedSlot {
        private final IssuanceClient client;
        private final Counters counters;
        private final Schedule schedule;
        private final CountDownLatch done;
        private final AtomicLong sent;

        ClosedSlot(IssuanceClient client, Counters counters, Schedule schedule, CountDownLatch done, AtomicLong sent) {
            this.client = client;
            this.counters = counters;
            this.schedule = schedule;
            this.done = done;
            this.sent = sent;
        }

        void sendNext() {
            long sentAt = System.nanoTime();
            if (schedule.over(sentAt)) {
                done.countDown();
                return;
            }
            sent.incrementAndGet();
            client.issue(fixtures.get(sequence.getAndIncrement())).whenComplete((outcome, failure) -> {
                // Only answers inside the measured window count; warm-up and overrun do not.
                if (schedule.counts(System.nanoTime())) {
                    counters.record(failure == null ? outcome : Outcome.ERROR, sentAt);
                }
                sendNext();
            });
        }
    }

    /** Server and client CPU, GC pauses and load average across the measured window. */
    private static final class Window {
        private final LongSupplier clientCpu;
        private final String loadAverage;
        private final long serverCpuStart;
        private final long clientCpuStart;
        private long serverCpuEnd;
        private long clientCpuEnd;
        private double gcPauseMillis;
        private final long compilerCpuStart;
        private long compilerCpuEnd;

        private Window(LongSupplier clientCpu, String loadAverage, long serverCpuStart, long clientCpuStart,
                long compilerCpuStart) {
            this.clientCpu = clientCpu;
            this.loadAverage = loadAverage;
            this.serverCpuStart = serverCpuStart;
            this.clientCpuStart = clientCpuStart;
            this.compilerCpuStart = compilerCpuStart;
        }

        /** {@code clientCpu}: the load generator's CPU so far (this JVM, or the external generator's process). */
        static Window open(long at, ServerProbe server, LongSupplier clientCpu) throws InterruptedException {
            sleepUntil(at);
            server.gcPauseMillisSinceLastCall();
            return new Window(clientCpu, ServerProbe.loadAverage(), server.cpuNanos(), clientCpu.getAsLong(),
                    server.compilerCpuNanos());
        }

        void close(long at, ServerProbe server) throws InterruptedException {
            sleepUntil(at);
            serverCpuEnd = server.cpuNanos();
            compilerCpuEnd = server.compilerCpuNanos();
            clientCpuEnd = clientCpu.getAsLong();
            gcPauseMillis = server.gcPauseMillisSinceLastCall();
        }

        Measured result(Counters counters, Duration measure, long sent, double warmupSeconds) {
            return result(counters.ok.get(), counters.backpressure.get(), counters.errors.get(),
                    counters.latency.getIntervalHistogram(), measure, sent, warmupSeconds);
        }

        Measured result(long ok, long backpressure, long errors, Histogram latencyMicros, Duration measure, long sent,
                double warmupSeconds) {
            return new Measured(ok, backpressure, errors, latencyMicros, measure.toNanos() / 1e9,
                    serverCpuEnd - serverCpuStart, clientCpuEnd - clientCpuStart, gcPauseMillis, loadAverage, sent,
                    compilerCpuStart < 0 || compilerCpuEnd < 0 ? -1 : compilerCpuEnd - compilerCpuStart, warmupSeconds);
        }

        private static void sleepUntil(long nanoTime) throws InterruptedException {
            long wait = nanoTime - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }
}
