package dev.signet.issuance;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.logging.RequestIds;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of threads with a bounded queue: work of an issuance waits here for a thread, and
 * past {@code maxQueued} waiting requests new ones are refused with CA_BUSY (503) at once rather
 * than queued without end. Threads start with the first tasks, not before.
 */
final class BoundedPool {
    private final String name;
    private final ThreadPoolExecutor executor;
    private final int maxQueued;

    BoundedPool(String name, int threads, int maxQueued) {
        this.name = name;
        this.maxQueued = maxQueued;
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxQueued), daemonThreads(name), new ThreadPoolExecutor.AbortPolicy());
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, …, for issuance's CPU pools. */
    static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Queues {@code task}, which logs under the caller's request ID.
     *
     * @throws SignetException CA_BUSY when the queue is full or the pool is shut down
     */
    void submit(Runnable task) {
        try {
            executor.execute(RequestIds.carried(task));
        } catch (RejectedExecutionException e) {
            throw new SignetException(ErrorKind.CA_BUSY, executor.isShutdown() ? name + " pool is shut down"
                    : name + " queue is full (" + maxQueued + " waiting)");
        }
    }

    /** Runs what is queued, then stops the threads. */
    void shutdown() {
        executor.shutdown();
    }
}
