package dev.signet.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call that starts on an event loop is answered from that event loop, whichever thread finishes its
 * work: grpc-java hands a write from any other thread to the event loop once per frame (headers,
 * message, trailers), where one hand-off of the whole answer would do.
 */
class AnswerLaterTest {
    private Vertx vertx;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "issuance-stand-in"));

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        worker.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void answerCompletedElsewhereIsSentFromTheCallersEventLoop() {
        RecordingObserver observer = new RecordingObserver();
        Context eventLoop = vertx.getOrCreateContext();
        eventLoop.runOnContext(ignored -> FulcioGrpcService.answerLater(observer,
                () -> CompletableFuture.supplyAsync(() -> "issued", worker), value -> value + " and rendered"));

        Awaitility.await().until(() -> observer.events.size() == 2);
        assertEquals(List.of("next issued and rendered", "completed"), observer.events);
        assertTrue(observer.threads.stream().allMatch(name -> name.startsWith("vert.x-eventloop")),
                observer.threads::toString);
    }

    @Test
    void failureCompletedElsewhereIsSentFromTheCallersEventLoopWithItsStatus() {
        RecordingObserver observer = new RecordingObserver();
        Context eventLoop = vertx.getOrCreateContext();
        eventLoop.runOnContext(ignored -> FulcioGrpcService.<String, String>answerLater(observer,
                () -> CompletableFuture.supplyAsync(() -> {
                    throw new SignetException(ErrorKind.CA_BUSY, "busy");
                }, worker), value -> value));

        Awaitility.await().until(() -> observer.events.size() == 1);
        assertNotNull(observer.status);
        assertEquals(Status.Code.UNAVAILABLE, observer.status.getCode());
        assertTrue(observer.threads.get(0).startsWith("vert.x-eventloop"), observer.threads::toString);
    }

    @Test
    void withoutAnEventLoopTheAnswerIsSentWhereTheWorkFinished() {
        RecordingObserver observer = new RecordingObserver();
        FulcioGrpcService.answerLater(observer, () -> CompletableFuture.supplyAsync(() -> "issued", worker),
                value -> value);

        Awaitility.await().until(() -> observer.events.size() == 2);
        assertEquals(List.of("issuance-stand-in", "issuance-stand-in"), observer.threads);
    }

    private static final class RecordingObserver implements StreamObserver<String> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile Status status;

        @Override
        public void onNext(String value) {
            threads.add(Thread.currentThread().getName());
            events.add("next " + value);
        }

        @Override
        public void onError(Throwable t) {
            threads.add(Thread.currentThread().getName());
            status = Status.fromThrowable(t);
            events.add("error");
        }

        @Override
        public void onCompleted() {
            threads.add(Thread.currentThread().getName());
            events.add("completed");
        }
    }
}
