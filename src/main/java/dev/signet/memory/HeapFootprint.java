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
 * benchmark) although about 50 MiB stay alive. The JVM offers no way to cap the heap at run time, but
 * its heap free ratios are manageable: lowered, every full collection gives the unused heap back.
 * So this lowers them, collects and trims the C heap after start-up (start-up garbage and the JIT's
 * freed memory held an idle process at 250 MiB), asks G1 for a periodic collection when idle, and collects again after a young collection that left
 * more than the budget committed. Explicit heap options on the command line or in
 * {@code JAVA_TOOL_OPTIONS} (the Helm chart's) turn it off.
 */
@ApplicationScoped
public class HeapFootprint {

    private static final Logger LOG = Logger.getLogger(HeapFootprint.class);

    /** Options by which an operator sizes the heap; any of them set explicitly means "leave the heap alone". */
    static final List<String> HEAP_OPTIONS = List.of("MaxHeapSize", "InitialHeapSize", "MaxRAM", "MaxRAMPercentage",
            "MaxRAMFraction", "MinHeapFreeRatio", "MaxHeapFreeRatio", "SoftMaxHeapSize");
    /** The free share a full collection leaves committed: 10–30 %, instead of the JVM's 40–70 %. */
    static final int MIN_FREE_PERCENT = 10;
    static final int MAX_FREE_PERCENT = 30;
    /** G1 runs a concurrent cycle (which shrinks the heap) after this long without any collection. */
    static final Duration PERIODIC_GC = Duration.ofSeconds(60);
    /** The first collection waits this long after the startup event, past listening and the first probes... */
    static final Duration AFTER_START = Duration.ofSeconds(5);
    /** ... and once more this long after the first, when the JIT has settled at idle. */
    static final Duration AFTER_WARM_UP = Duration.ofSeconds(55);

    private final boolean enabled;
    private final long budgetBytes;
    private final long minIntervalNanos;
    private final AtomicBoolean collecting = new AtomicBoolean();
    private final AtomicLong lastCollection = new AtomicLong(System.nanoTime());
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
            collect();
            // Once more when the JIT has compiled what the first requests needed and freed its memory.
            Thread.sleep(AFTER_WARM_UP.toMillis());
            if (collecting.compareAndSet(false, true)) {
                collect();
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
            // Min before max: the JVM refuses a maximum below the current minimum.
            hotspot.setVMOption("MinHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT));
            hotspot.setVMOption("MaxHeapFreeRatio", Integer.toString(MAX_FREE_PERCENT));
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
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        if (overBudget(memory.getHeapMemoryUsage().getCommitted(), budgetBytes, lastCollection.get(), System.nanoTime(),
                minIntervalNanos)) {
            collectLater();
        }
    }

    /** Whether a collection is due: more than the budget committed and none for {@code minIntervalNanos}. */
    static boolean overBudget(long committedBytes, long budgetBytes, long lastNanos, long nowNanos,
            long minIntervalNanos) {
        return committedBytes > budgetBytes && nowNanos - lastNanos >= minIntervalNanos;
    }

    /** Whether the JVM chose the heap's size itself: none of {@link #HEAP_OPTIONS} was set by the operator. */
    static boolean heapSizedByJvm(List<VMOption> options) {
        return options.stream().allMatch(option -> option == null || option.getOrigin() == VMOption.Origin.DEFAULT
                || option.getOrigin() == VMOption.Origin.ERGONOMIC);
    }

    /** One full collection on its own short-lived thread, never two at once: the caller is the GC notification thread. */
    private void collectLater() {
        if (!collecting.compareAndSet(false, true)) {
            return;
        }
        startDaemon(this::collect, "signet-heap-footprint-gc");
    }

    private static Thread startDaemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * A full collection, then the C heap trimmed: glibc keeps what the JIT compilers and start-up freed
     * (about 30 MiB here) until asked. The trim is the JDK's {@code System.trim_native_heap} diagnostic
     * command (JDK 17.0.9 and later); where it is missing only the collection runs. Called with
     * {@link #collecting} held; releases it.
     */
    private void collect() {
        try {
            System.gc();
            trimNativeHeap();
        } finally {
            lastCollection.set(System.nanoTime());
            collecting.set(false);
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
