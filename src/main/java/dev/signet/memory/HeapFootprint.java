package dev.signet.memory;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import dev.signet.config.SignetConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.jboss.logging.Logger;

/**
 * Keeps the heap near what Signet really uses when the operator gave the JVM no heap size
 * ({@code signet.memory.*}, docs/configuration.md). Without {@code -Xmx} the JVM may grow the heap
 * to a quarter of the machine's RAM, and G1 does grow it under load (to over 1 GiB in the footprint
 * benchmark) although about 30–50 MiB stay alive. The JVM offers no way to cap the heap at run time, but
 * its heap free ratios are manageable, and every full collection sizes the heap by them. So this
 * lowers them and collects and trims the C heap after start-up (start-up garbage and the JIT's freed
 * memory held an idle process at 250 MiB), and asks G1 for a periodic collection when idle. Under
 * load, a young collection that left more than the budget committed (G1 expands the heap after young
 * collections whose pauses pass its time goal, by 150–250 MiB at once) starts a full collection with
 * the JVM's own ratios, which leave room for a young generation; ten seconds without a young
 * collection bring the low ratios back with one more collection and trim. Explicit heap options on
 * the command line or in {@code JAVA_TOOL_OPTIONS} (the Helm chart's) turn it off.
 */
@ApplicationScoped
public class HeapFootprint {

    private static final Logger LOG = Logger.getLogger(HeapFootprint.class);

    /** Options by which an operator sizes the heap; any of them set explicitly means "leave the heap alone". */
    static final List<String> HEAP_OPTIONS = List.of("MaxHeapSize", "InitialHeapSize", "MaxRAM", "MaxRAMPercentage",
            "MaxRAMFraction", "MinHeapFreeRatio", "MaxHeapFreeRatio", "SoftMaxHeapSize");
    /** The free share a collection leaves committed at idle: 10–30 %, instead of the JVM's 40–70 %. */
    static final FreeRatios IDLE = new FreeRatios(10, 30);
    /**
     * Under load the JVM's own 40–70 %: a heap shrunk to about 1.3 times what stays alive starves the
     * young generation, so G1 collects several times a second, finds its GC overhead over its (for a
     * small heap, 1 %) goal and expands by half its initial size at once, and its old-generation
     * threshold (45 % of the heap) keeps concurrent cycles running whose remarks shrink the heap again.
     */
    static final FreeRatios LOAD = new FreeRatios(40, 70);
    /** No young collection for this long means the load is over: the heap goes back to {@link #IDLE}. */
    static final Duration QUIET = Duration.ofSeconds(10);
    /** G1 runs a concurrent cycle (which shrinks the heap) after this long without any collection. */
    static final Duration PERIODIC_GC = Duration.ofSeconds(60);
    /** The first collection waits this long after the startup event, past listening and the first probes... */
    static final Duration AFTER_START = Duration.ofSeconds(5);
    /** ... and once more this long after the first, when the JIT has settled at idle. */
    static final Duration AFTER_WARM_UP = Duration.ofSeconds(55);
    /** How often the adapting thread looks for the end of a load: a volatile read, nothing more. */
    static final Duration QUIET_CHECK = Duration.ofSeconds(1);

    private final boolean enabled;
    private final long budgetBytes;
    private final long minIntervalNanos;
    private final AtomicBoolean collecting = new AtomicBoolean();
    private final AtomicLong lastCollection = new AtomicLong(System.nanoTime());
    private final AtomicLong lastYoungCollection = new AtomicLong(System.nanoTime());
    /** The ratios last set; {@link #LOAD} from the first collection past the budget until a {@link #QUIET} spell. */
    private volatile FreeRatios ratios;
    private final NotificationListener listener = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            afterCollection(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
        }
    };
    /** Where {@link #listener} is registered: the JVM outlives this bean in dev mode's restarts. */
    private final List<NotificationEmitter> emitters = new CopyOnWriteArrayList<>();
    private volatile Thread adapter;

    @Inject
    public HeapFootprint(SignetConfig config) {
        this.enabled = config.memory().enabled();
        this.budgetBytes = config.memory().heapBudget().asLongValue();
        this.minIntervalNanos = config.memory().minInterval().toNanos();
        checkSettings(budgetBytes, config.memory().minInterval());
    }

    /** Below 32 MiB the budget is under what Signet keeps alive, so every young collection would be followed by a full one. */
    static final long MIN_BUDGET = 32L << 20;
    static final long MAX_BUDGET = 64L << 30;
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    /** Refuses settings outside their documented ranges at start, naming the property. */
    static void checkSettings(long budgetBytes, Duration minInterval) {
        if (budgetBytes < MIN_BUDGET || budgetBytes > MAX_BUDGET) {
            throw new IllegalArgumentException("signet.memory.heap-budget must be between 32M and 64G, not "
                    + budgetBytes + " bytes");
        }
        if (minInterval.compareTo(MIN_INTERVAL) < 0 || minInterval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("signet.memory.min-interval must be between 100ms and 1h, not "
                    + minInterval);
        }
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        // Nothing on the start-up path: the JMX beans and the first collection wait until Signet serves.
        adapter = startDaemon(this::adapt, "signet-heap-footprint");
    }

    @PreDestroy
    void stop() {
        Thread thread = adapter;
        if (thread != null) {
            thread.interrupt();
        }
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // Already gone.
            }
        }
        emitters.clear();
    }

    private void adapt() {
        try {
            Thread.sleep(AFTER_START.toMillis());
            if (!adaptHeap()) {
                return;
            }
            collect(IDLE, true);
            // Once more when the JIT has compiled what the first requests needed and freed its memory.
            long warmUp = System.nanoTime() + AFTER_WARM_UP.toNanos();
            boolean warmedUp = false;
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(QUIET_CHECK.toMillis());
                long now = System.nanoTime();
                boolean quiet = now - lastYoungCollection.get() >= QUIET.toNanos();
                boolean due = ratios == LOAD ? quiet : !warmedUp && now - warmUp >= 0;
                if (due && collecting.compareAndSet(false, true)) {
                    warmedUp |= now - warmUp >= 0;
                    collect(IDLE, true);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lowers the heap free ratios and listens to collections; false when the operator sized the heap. */
    private boolean adaptHeap() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        List<VMOption> options = HEAP_OPTIONS.stream().map(name -> option(hotspot, name)).toList();
        if (!heapSizedByJvm(options)) {
            LOG.debug("Heap options given on the command line: the heap is left as configured");
            return false;
        }
        collecting.set(true);
        try {
            setRatios(IDLE);
            if (option(hotspot, "G1PeriodicGCInterval") != null) {
                hotspot.setVMOption("G1PeriodicGCInterval", Long.toString(PERIODIC_GC.toMillis()));
            }
        } catch (RuntimeException e) {
            LOG.infof("The JVM did not accept heap free ratios (%s): heap left as the JVM sizes it",
                    e.getClass().getName());
            return false;
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        LOG.infof(
                "No heap size given: Signet shrinks the heap after start-up and whenever more than %d MiB is committed "
                        + "(signet.memory.*)",
                budgetBytes >> 20);
        return true;
    }

    private void afterCollection(GarbageCollectionNotificationInfo info) {
        // Only young collections: the full collections this class asks for must not ask for more.
        if (!info.getGcAction().contains("minor")) {
            return;
        }
        long now = System.nanoTime();
        lastYoungCollection.set(now);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long delay = collectionDelay(memory.getHeapMemoryUsage().getCommitted(), budgetBytes, lastCollection.get(),
                now, minIntervalNanos);
        if (delay >= 0) {
            collectLater(delay);
        }
    }

    /**
     * Nanoseconds until a collection is due, or -1 when none is: with more than the budget committed,
     * {@code minIntervalNanos} after the last one. Waiting for the next young collection instead let
     * G1 fill the young generation of a heap it had just expanded to 352 MiB.
     */
    static long collectionDelay(long committedBytes, long budgetBytes, long lastNanos, long nowNanos,
            long minIntervalNanos) {
        if (committedBytes <= budgetBytes) {
            return -1;
        }
        return Math.max(0, lastNanos + minIntervalNanos - nowNanos);
    }

    /** Whether the JVM chose the heap's size itself: none of {@link #HEAP_OPTIONS} was set by the operator. */
    static boolean heapSizedByJvm(List<VMOption> options) {
        return options.stream().allMatch(option -> option == null || option.getOrigin() == VMOption.Origin.DEFAULT
                || option.getOrigin() == VMOption.Origin.ERGONOMIC);
    }

    /** One full collection on its own short-lived thread, never two at once: the caller is the GC notification thread. */
    private void collectLater(long delayNanos) {
        if (!collecting.compareAndSet(false, true)) {
            return;
        }
        startDaemon(() -> {
            try {
                TimeUnit.NANOSECONDS.sleep(delayNanos);
            } catch (InterruptedException e) {
                collecting.set(false);
                Thread.currentThread().interrupt();
                return;
            }
            // Under load the C heap is in use: trimming it would only hand glibc's arenas back to be refilled.
            collect(LOAD, false);
        }, "signet-heap-footprint-gc");
    }

    private static Thread startDaemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Sets the free ratios for what follows, collects fully (which sizes the heap by them), then trims
     * the C heap if asked: glibc keeps what the JIT compilers and start-up freed (about 30 MiB here)
     * until asked. The trim is the JDK's {@code System.trim_native_heap} diagnostic command (JDK 17.0.9
     * and later); where it is missing only the collection runs. Called with {@link #collecting} held;
     * releases it.
     */
    private void collect(FreeRatios next, boolean trim) {
        try {
            if (ratios != next) {
                setRatios(next);
            }
            System.gc();
            if (trim) {
                trimNativeHeap();
            }
        } catch (RuntimeException e) {
            LOG.debugf("Heap free ratios not changed: %s", e.getClass().getName());
        } finally {
            lastCollection.set(System.nanoTime());
            collecting.set(false);
        }
    }

    /** Sets both heap free ratios in the order the JVM accepts: it refuses a minimum above the maximum. */
    private void setRatios(FreeRatios next) {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        int currentMax = Integer.parseInt(hotspot.getVMOption("MaxHeapFreeRatio").getValue());
        for (String[] option : next.settingOrder(currentMax)) {
            hotspot.setVMOption(option[0], option[1]);
        }
        ratios = next;
    }

    /**
     * {@code MinHeapFreeRatio} and {@code MaxHeapFreeRatio}, in percent: a full collection (and G1's
     * remark) grows the heap to leave at least {@code min} free and shrinks it to leave at most {@code max}.
     */
    record FreeRatios(int min, int max) {
        FreeRatios {
            if (min < 0 || min > max || max > 100) {
                throw new IllegalArgumentException("heap free ratios must satisfy 0 <= min <= max <= 100");
            }
        }

        /** Option name and value pairs, the maximum first when the new minimum would pass the current maximum. */
        List<String[]> settingOrder(int currentMax) {
            String[] minimum = {"MinHeapFreeRatio", Integer.toString(min)};
            String[] maximum = {"MaxHeapFreeRatio", Integer.toString(max)};
            return min > currentMax ? List.of(maximum, minimum) : List.of(minimum, maximum);
        }
    }

    private static void trimNativeHeap() {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException | RuntimeException e) {
            LOG.debugf("Native heap not trimmed: %s", e.getClass().getName());
        }
    }

    private static VMOption option(HotSpotDiagnosticMXBean hotspot, String name) {
        try {
            return hotspot.getVMOption(name);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
