package dev.signet.ctlog.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ctlog.AddChainResponse;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A real RFC 6962 submission endpoint on loopback: a Vert.x HTTP server in front of an
 * {@link EmbeddedLog}, whose behaviour a test can replace per request (fail, stall, dribble, tamper).
 */
final class LoopbackLog implements AutoCloseable {
    /** What the server does with one request; {@code attempt} counts from 1. */
    interface Behaviour {
        void handle(int attempt, HttpServerRequest request, Buffer body, LoopbackLog log);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final EmbeddedLog log;
    final AtomicInteger attempts = new AtomicInteger();
    volatile String lastHost;
    volatile String lastContentType;
    volatile Behaviour behaviour = (attempt, request, body, self) -> self.answerFromLog(request, body, sct -> sct);

    private final Vertx vertx;
    private final HttpServer server;

    LoopbackLog(Vertx vertx, EmbeddedLog log) throws Exception {
        this.vertx = vertx;
        this.log = log;
        this.server = vertx.createHttpServer().requestHandler(request -> {
            int attempt = attempts.incrementAndGet();
            lastHost = request.getHeader("Host");
            lastContentType = request.getHeader("Content-Type");
            request.body().onSuccess(body -> behaviour.handle(attempt, request, body, this));
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    int port() {
        return server.actualPort();
    }

    /** Answers as a log does: the SCT from the embedded log (passed through {@code tamper}), or its error status. */
    void answerFromLog(HttpServerRequest request, Buffer body, UnaryOperator<SignedCertificateTimestamp> tamper) {
        boolean precert;
        if (request.path().equals("/ct/v1/add-pre-chain")) {
            precert = true;
        } else if (request.path().equals("/ct/v1/add-chain")) {
            precert = false;
        } else {
            request.response().setStatusCode(404).end();
            return;
        }
        List<byte[]> chain = new ArrayList<>();
        try {
            JsonNode json = JSON.readTree(body.getBytes());
            for (JsonNode element : json.get("chain")) {
                chain.add(Base64.getDecoder().decode(element.textValue()));
            }
        } catch (Exception e) {
            request.response().setStatusCode(400).end("bad request");
            return;
        }
        // Validation is crypto, so a worker starts the submission; no thread waits for the flush.
        io.vertx.core.Context context = vertx.getOrCreateContext();
        vertx.executeBlocking(() -> precert ? log.submitPreChain(chain) : log.submitChain(chain), false)
                .compose(stage -> io.vertx.core.Future.fromCompletionStage(stage, context))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        request.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                                .end(Buffer.buffer(AddChainResponse.encode(tamper.apply(done.result()))));
                    } else if (done.cause() instanceof SignetException failure
                            && failure.kind() == ErrorKind.LOG_REJECTED_CHAIN) {
                        request.response().setStatusCode(400).end("chain rejected\r\nby the log");
                    } else if (done.cause() instanceof SignetException failure
                            && failure.kind() == ErrorKind.LOG_BUSY) {
                        request.response().setStatusCode(503).end("busy");
                    } else {
                        request.response().setStatusCode(500).end("internal error");
                    }
                });
    }

    /** Sends a 200 with headers and then one byte every {@code everyMillis}, never ending. */
    void dribble(HttpServerRequest request, long everyMillis) {
        request.response().setStatusCode(200).setChunked(true).write("{");
        long timer = vertx.setPeriodic(everyMillis, id -> request.response().write(" "));
        request.response().closeHandler(ignored -> vertx.cancelTimer(timer));
        request.connection().closeHandler(ignored -> vertx.cancelTimer(timer));
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
