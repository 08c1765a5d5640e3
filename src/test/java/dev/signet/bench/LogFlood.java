package dev.signet.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flood of {@code POST /log/ct/v1/add-pre-chain} from one local address: {@code concurrency}
 * requests always in flight over as many keep-alive connections, each slot sending its next body as
 * soon as the last one answers, until stopped, a deadline or a number of requests. The bodies go
 * round a weighted schedule of kinds ({@link FloodChains}); every answer is counted by kind and status.
 */
final class LogFlood implements AutoCloseable {
    /** Slots still waiting this long after a stop are counted as unanswered and abandoned. */
    private static final Duration DRAIN = Duration.ofSeconds(35);

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
    private final HttpClient client;
    private final RequestOptions request;
    private final String localAddress;
    private final int concurrency;
    private final List<String> schedule;
    private final Map<String, List<Buffer>> bodies = new LinkedHashMap<>();
    private final Map<String, AtomicLong> nextBody = new LinkedHashMap<>();
    private final Map<String, IssuanceClient.Reasons> statuses = new LinkedHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean stopping;
    private CountDownLatch done;
    private long startNanos;
    private long maxRequests;
    private long deadlineNanos;

    /** What a flood did: requests sent, their answers by kind and status, and how long it ran. */
    record Result(String source, int concurrency, double seconds, long sent, Map<String, Map<String, Long>> byKind,
            long unanswered) {

        /** Answers by status over all kinds; a failure without an HTTP status is named by its exception. */
        Map<String, Long> byStatus() {
            Map<String, Long> total = new TreeMap<>();
            byKind.values().forEach(kind -> kind.forEach((status, count) -> total.merge(status, count, Long::sum)));
            return total;
        }

        /** Answers carrying an HTTP status. */
        long answered() {
            return byStatus().entrySet().stream().filter(entry -> entry.getKey().matches("\\d{3}"))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        String json() {
            return String.format(java.util.Locale.ROOT, "{\"source\":\"%s\",\"concurrency\":%d,\"seconds\":%.1f,"
                    + "\"sent\":%d,\"answered\":%d,\"answered_per_s\":%.0f,\"unanswered\":%d,\"by_status\":%s,"
                    + "\"by_kind\":%s}", source, concurrency, seconds, sent, answered(), answered() / seconds,
                    unanswered, BenchReport.jsonObject(byStatus()), BenchReport.jsonObject(byKind));
        }
    }

    /**
     * @param localAddress the address every connection is bound to (a loopback address other than the
     *     certificate client's, so the server sees the flood as one distinct client)
     * @param weights how many of each kind go into one round of the schedule, in order; kinds without
     *     bodies are left out
     */
    LogFlood(String host, int port, String localAddress, int concurrency, long timeoutMillis,
            Map<String, List<byte[]>> chains, Map<String, Integer> weights) {
        this.localAddress = localAddress;
        this.concurrency = concurrency;
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                .setLocalAddress(localAddress).setDefaultHost(host).setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(concurrency).setMaxWaitQueueSize(-1));
        request = new RequestOptions().setMethod(HttpMethod.POST).setURI("/log/ct/v1/add-pre-chain")
                .putHeader("content-type", "application/json").setTimeout(timeoutMillis);
        List<String> rounds = new ArrayList<>();
        weights.forEach((kind, weight) -> {
            List<byte[]> ofKind = chains.getOrDefault(kind, List.of());
            if (weight > 0 && !ofKind.isEmpty()) {
                bodies.put(kind, ofKind.stream().map(Buffer::buffer).toList());
                nextBody.put(kind, new AtomicLong());
                statuses.put(kind, new IssuanceClient.Reasons());
                for (int i = 0; i < weight; i++) {
                    rounds.add(kind);
                }
            }
        });
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no chains to flood with for the weights " + weights);
        }
        this.schedule = List.copyOf(rounds);
    }

    /** Starts {@code concurrency} slots; they stop at {@code maxDuration}, after {@code maxRequests}, or at {@link #stop()}. */
    void start(Duration maxDuration, long maxRequests) {
        this.maxRequests = maxRequests;
        startNanos = System.nanoTime();
        deadlineNanos = startNanos + maxDuration.toNanos();
        done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            sendNext();
        }
    }

    /** Stops sending, waits for the requests in flight and says what the flood did. */
    Result stop() throws InterruptedException {
        stopping = true;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        boolean drained = done.await(DRAIN.toSeconds(), TimeUnit.SECONDS);
        Map<String, Map<String, Long>> byKind = new LinkedHashMap<>();
        statuses.forEach((kind, counts) -> byKind.put(kind, counts.take()));
        return new Result(localAddress, concurrency, seconds, sent.get(), byKind, drained ? 0 : done.getCount());
    }

    /** How many bodies of each kind the flood sent, and how many distinct ones it had. */
    Map<String, String> reuse() {
        Map<String, String> reuse = new LinkedHashMap<>();
        nextBody.forEach((kind, next) -> reuse.put(kind, next.get() + " sent of " + bodies.get(kind).size()));
        return reuse;
    }

    private void sendNext() {
        long number = sent.getAndIncrement();
        if (stopping || number >= maxRequests || System.nanoTime() >= deadlineNanos) {
            sent.decrementAndGet();
            done.countDown();
            return;
        }
        String kind = schedule.get((int) Math.floorMod(number, (long) schedule.size()));
        List<Buffer> ofKind = bodies.get(kind);
        Buffer body = ofKind.get((int) Math.floorMod(nextBody.get(kind).getAndIncrement(), (long) ofKind.size()));
        IssuanceClient.Reasons counts = statuses.get(kind);
        client.request(request)
                .compose(sending -> sending.send(body))
                .compose(response -> response.body().map(ignored -> Integer.toString(response.statusCode())))
                .otherwise(failure -> failure.getClass().getSimpleName())
                .onComplete(status -> {
                    counts.add(status.result());
                    sendNext();
                });
    }

    @Override
    public void close() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
