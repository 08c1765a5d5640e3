package dev.signet.logging;

import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Request IDs: a client's {@code x-request-id} is kept when it is short and plain (letters, digits
 * and {@code . _ : + = / -}, at most {@value #MAX_LENGTH} characters), so a proxy's ID ties its logs
 * to Signet's; anything else is replaced by a random version 4 UUID, so no client text of any size or
 * character set reaches a log line through it.
 */
public final class RequestIds {
    /** The HTTP header and gRPC metadata key carrying the ID, both ways. */
    public static final String HEADER = "x-request-id";
    /** The MDC key every log line of a request carries the ID under. */
    public static final String MDC_KEY = "requestId";
    static final int MAX_LENGTH = 128;
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:+=/-]{1," + MAX_LENGTH + "}");

    private RequestIds() {
    }

    /** The client's ID when acceptable, else a fresh one. */
    public static String acceptOrGenerate(String fromClient) {
        if (fromClient != null && fromClient.length() <= MAX_LENGTH && ACCEPTED.matcher(fromClient).matches()) {
            return fromClient;
        }
        return randomUuid().toString();
    }

    /**
     * {@code task}, carrying the calling thread's request ID to the thread that will run it (a
     * pool thread has no Vert.x context of its own), and leaving that thread without one after.
     */
    public static Runnable carried(Runnable task) {
        Object id = MDC.get(MDC_KEY);
        return id == null ? task : withId(id, task);
    }

    /** {@code executor}, running every task under the request ID of the thread calling this now. */
    public static Executor carrying(Executor executor) {
        Object id = MDC.get(MDC_KEY);
        return id == null ? executor : task -> executor.execute(withId(id, task));
    }

    private static Runnable withId(Object id, Runnable task) {
        return () -> {
            MDC.put(MDC_KEY, id);
            try {
                task.run();
            } finally {
                MDC.remove(MDC_KEY);
            }
        };
    }

    /**
     * A version 4 UUID from {@link ThreadLocalRandom}: a request ID must be unique, not secret, and
     * {@link UUID#randomUUID()} would make every request queue on the one shared SecureRandom.
     */
    private static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
