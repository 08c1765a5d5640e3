package dev.signet.issuance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** An issuance pool's bound: a full queue answers CA_BUSY at once and loses nothing it accepted. */
class BoundedPoolTest {

    @Test
    void pastTheQueueBoundRequestsAreRefusedAsBusyAndTheAcceptedOnesAllRun() throws Exception {
        BoundedPool pool = new BoundedPool("test-sign", 1, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        pool.submit(() -> {
            started.countDown();
            await(release);
            ran.incrementAndGet();
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        pool.submit(ran::incrementAndGet);
        pool.submit(ran::incrementAndGet);
        SignetException busy = assertThrows(SignetException.class, () -> pool.submit(ran::incrementAndGet));
        assertEquals(ErrorKind.CA_BUSY, busy.kind());
        assertEquals(503, busy.kind().httpStatus());
        assertEquals("The CA is busy; retry later", busy.kind().clientMessage());

        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() >= 3);
        assertEquals(3, ran.get());
        pool.submit(ran::incrementAndGet);
        pool.shutdown();
        assertEquals(ErrorKind.CA_BUSY, assertThrows(SignetException.class, () -> pool.submit(() -> {
        })).kind());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
