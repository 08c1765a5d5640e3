package dev.signet.bench;

import dev.signet.bench.IssuanceFixtures.Fixture;
import dev.sigstore.fulcio.v2.CAGrpc;
import dev.sigstore.fulcio.v2.SigningCertificate;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Sends one pre-minted issuance request and says how it ended; cheap on the client side. */
interface IssuanceClient extends AutoCloseable {

    /** How a request ended: a certificate, deliberate backpressure (429/503), or anything else. */
    enum Outcome {
        OK, BACKPRESSURE, ERROR
    }

    CompletionStage<Outcome> issue(Fixture fixture);

    /** Why requests did not get a certificate since the last call (status and message), with counts. */
    Map<String, Long> takeFailureReasons();

    String protocol();

    @Override
    void close() throws Exception;

    /** {@code POST /api/v2/signingCert} over HTTP/1.1 keep-alive connections from one Vert.x event loop. */
    static IssuanceClient rest(String host, int port, int connections, long timeoutMillis) {
        return new Rest(host, port, connections, timeoutMillis);
    }

    /** {@code dev.sigstore.fulcio.v2.CA/CreateSigningCertificate} over h2c, streams spread over channels. */
    static IssuanceClient grpc(String host, int port, int channels, long timeoutMillis) {
        return new Grpc(host, port, channels, timeoutMillis);
    }

    /** Failure reasons counted between two reads. */
    final class Reasons {
        private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        void add(String reason) {
            counts.computeIfAbsent(reason, ignored -> new LongAdder()).increment();
        }

        Map<String, Long> take() {
            Map<String, Long> taken = new TreeMap<>();
            for (String reason : List.copyOf(counts.keySet())) {
                LongAdder count = counts.remove(reason);
                if (count != null) {
                    taken.put(reason, count.sum());
                }
            }
            return taken;
        }
    }

    /** The REST client. */
    final class Rest implements IssuanceClient {
        private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        private final HttpClient client;
        private final RequestOptions request;
        private final Reasons reasons = new Reasons();

        Rest(String host, int port, int connections, long timeoutMillis) {
            client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                    .setDefaultHost(host).setDefaultPort(port),
                    new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
            request = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/v2/signingCert")
                    .putHeader("content-type", "application/json").setTimeout(timeoutMillis);
        }

        @Override
        public CompletionStage<Outcome> issue(Fixture fixture) {
            Buffer body = Buffer.buffer(fixture.restBody());
            return client.request(request)
                    .compose(sent -> sent.send(body))
                    .compose(response -> response.body().map(answer -> outcome(response.statusCode(), answer)))
                    .otherwise(failure -> {
                        reasons.add(failure.getClass().getSimpleName());
                        return Outcome.ERROR;
                    })
                    .toCompletionStage();
        }

        private Outcome outcome(int status, Buffer answer) {
            if (status == 200 || status == 201) {
                return Outcome.OK;
            }
            String text = answer.length() > 200 ? answer.getString(0, 200) : answer.toString();
            reasons.add(status + " " + text);
            // 429, and 503 only when Signet says to retry (the log's pool is full): not an identity provider outage.
            return status == 429 || status == 503 && text.contains("retry later") ? Outcome.BACKPRESSURE
                    : Outcome.ERROR;
        }

        @Override
        public Map<String, Long> takeFailureReasons() {
            return reasons.take();
        }

        @Override
        public String protocol() {
            return "rest-v2";
        }

        @Override
        public void close() throws Exception {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The gRPC client: grpc-java future stubs, round-robin over a few HTTP/2 connections. */
    final class Grpc implements IssuanceClient {
        private final List<ManagedChannel> channels = new ArrayList<>();
        private final List<CAGrpc.CAFutureStub> stubs = new ArrayList<>();
        private final AtomicLong next = new AtomicLong();
        private final long timeoutMillis;
        private final Reasons reasons = new Reasons();

        Grpc(String host, int port, int channelCount, long timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
            for (int i = 0; i < channelCount; i++) {
                ManagedChannel channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext()
                        .maxInboundMessageSize(4 * 1024 * 1024).build();
                channels.add(channel);
                stubs.add(CAGrpc.newFutureStub(channel));
            }
        }

        @Override
        public CompletionStage<Outcome> issue(Fixture fixture) {
            CAGrpc.CAFutureStub stub = stubs.get((int) Math.floorMod(next.getAndIncrement(), (long) stubs.size()));
            ListenableFuture<SigningCertificate> call = stub.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                    .createSigningCertificate(fixture.grpcRequest());
            CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            Futures.addCallback(call, new FutureCallback<>() {
                @Override
                public void onSuccess(SigningCertificate result) {
                    boolean certificate = result.hasSignedCertificateEmbeddedSct()
                            || result.hasSignedCertificateDetachedSct();
                    if (!certificate) {
                        reasons.add("OK without a certificate");
                    }
                    outcome.complete(certificate ? Outcome.OK : Outcome.ERROR);
                }

                @Override
                public void onFailure(Throwable failure) {
                    Status status = Status.fromThrowable(failure);
                    reasons.add(status.getCode() + " " + status.getDescription());
                    // UNAVAILABLE is also what a dead connection gives: only Signet's own "retry later" counts.
                    boolean busy = status.getCode() == Status.Code.RESOURCE_EXHAUSTED
                            || status.getCode() == Status.Code.UNAVAILABLE && status.getDescription() != null
                                    && status.getDescription().contains("retry later");
                    outcome.complete(busy ? Outcome.BACKPRESSURE : Outcome.ERROR);
                }
            }, MoreExecutors.directExecutor());
            return outcome;
        }

        @Override
        public String protocol() {
            return "grpc";
        }

        @Override
        public Map<String, Long> takeFailureReasons() {
            return reasons.take();
        }

        @Override
        public void close() throws Exception {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
