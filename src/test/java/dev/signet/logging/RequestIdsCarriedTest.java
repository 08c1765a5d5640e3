package dev.signet.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request's ID follows its work onto pool threads, and leaves nothing behind on them. */
class RequestIdsCarriedTest {
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        MDC.remove(RequestIds.MDC_KEY);
        pool.shutdownNow();
    }

    @Test
    void aCarriedTaskLogsUnderTheSubmittersIdAndThePoolThreadKeepsNone() throws Exception {
        MDC.put(RequestIds.MDC_KEY, "req-1");
        AtomicReference<Object> seen = new AtomicReference<>();
        pool.submit(RequestIds.carried(() -> seen.set(MDC.get(RequestIds.MDC_KEY)))).get(10, TimeUnit.SECONDS);
        assertEquals("req-1", seen.get());
        MDC.remove(RequestIds.MDC_KEY);
        assertNull(pool.submit(() -> MDC.get(RequestIds.MDC_KEY)).get(10, TimeUnit.SECONDS));
    }

    @Test
    void anExecutorCarriesTheIdOfWhenItWasMadeNotOfWhoeverSubmitsLater() throws Exception {
        MDC.put(RequestIds.MDC_KEY, "req-2");
        Executor carrying = RequestIds.carrying(pool);
        MDC.remove(RequestIds.MDC_KEY);
        AtomicReference<Object> seen = new AtomicReference<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        // submitted from a thread with no ID, as the log's threads complete submissions
        Thread other = new Thread(() -> carrying.execute(() -> {
            seen.set(MDC.get(RequestIds.MDC_KEY));
            done.complete(null);
        }));
        other.start();
        done.get(10, TimeUnit.SECONDS);
        assertEquals("req-2", seen.get());
    }

    @Test
    void withoutAnIdTheTaskRunsAsGiven() {
        Runnable task = () -> {
        };
        assertEquals(task, RequestIds.carried(task));
    }
}
