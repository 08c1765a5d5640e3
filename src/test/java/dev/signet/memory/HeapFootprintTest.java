package dev.signet.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.VMOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapFootprintTest {

    private static final long MIB = 1 << 20;

    @Test
    void actsOnlyWhenTheJvmSizedTheHeapItself() {
        assertTrue(HeapFootprint.heapSizedByJvm(List.of(
                new VMOption("MaxHeapSize", "6320816128", false, VMOption.Origin.ERGONOMIC),
                new VMOption("MaxRAMPercentage", "25.0", true, VMOption.Origin.DEFAULT))));
        // -Xmx512m, -XX:MaxRAMPercentage=75 (the Helm chart), or either in JAVA_TOOL_OPTIONS.
        assertFalse(HeapFootprint.heapSizedByJvm(List.of(
                new VMOption("MaxHeapSize", "536870912", false, VMOption.Origin.VM_CREATION))));
        assertFalse(HeapFootprint.heapSizedByJvm(List.of(
                new VMOption("MaxHeapSize", "600000000", false, VMOption.Origin.ERGONOMIC),
                new VMOption("MaxRAMPercentage", "75.0", true, VMOption.Origin.VM_CREATION))));
        assertFalse(HeapFootprint.heapSizedByJvm(List.of(
                new VMOption("MaxRAMPercentage", "75.0", true, VMOption.Origin.ENVIRON_VAR))));
        // An option this JVM does not know counts as not set.
        assertTrue(HeapFootprint.heapSizedByJvm(Arrays.asList((VMOption) null)));
    }

    @Test
    void collectsOnlyPastTheBudgetAndNotTooOften() {
        long second = 1_000_000_000L;
        assertEquals(0, HeapFootprint.collectionDelay(300 * MIB, 192 * MIB, 0, 10 * second, 5 * second));
        assertEquals(-1, HeapFootprint.collectionDelay(192 * MIB, 192 * MIB, 0, 10 * second, 5 * second));
        // Past the budget too soon after the last one: due when the interval ends, not at the next young collection.
        assertEquals(1 * second, HeapFootprint.collectionDelay(300 * MIB, 192 * MIB, 6 * second, 10 * second,
                5 * second));
    }

    @Test
    void freeRatiosAreSetInAnOrderTheJvmAccepts() {
        // Up from the idle 10–30 % to 40–70 %: a minimum of 40 above the current maximum of 30 would be refused.
        assertEquals(List.of("MaxHeapFreeRatio=70", "MinHeapFreeRatio=40"),
                names(HeapFootprint.LOAD.settingOrder(HeapFootprint.IDLE.max())));
        assertEquals(List.of("MinHeapFreeRatio=10", "MaxHeapFreeRatio=30"),
                names(HeapFootprint.IDLE.settingOrder(HeapFootprint.LOAD.max())));
        assertThrows(IllegalArgumentException.class, () -> new HeapFootprint.FreeRatios(50, 40));
    }

    @Test
    void bothOrdersAreAcceptedByThisJvm() {
        var hotspot = java.lang.management.ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        String min = hotspot.getVMOption("MinHeapFreeRatio").getValue();
        String max = hotspot.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            for (HeapFootprint.FreeRatios next : List.of(HeapFootprint.IDLE, HeapFootprint.LOAD,
                    HeapFootprint.IDLE)) {
                int currentMax = Integer.parseInt(hotspot.getVMOption("MaxHeapFreeRatio").getValue());
                for (String[] option : next.settingOrder(currentMax)) {
                    hotspot.setVMOption(option[0], option[1]);
                }
                assertEquals(Integer.toString(next.min()), hotspot.getVMOption("MinHeapFreeRatio").getValue());
                assertEquals(Integer.toString(next.max()), hotspot.getVMOption("MaxHeapFreeRatio").getValue());
            }
        } finally {
            hotspot.setVMOption("MinHeapFreeRatio", "0");
            hotspot.setVMOption("MaxHeapFreeRatio", max);
            hotspot.setVMOption("MinHeapFreeRatio", min);
        }
    }

    private static List<String> names(List<String[]> options) {
        return options.stream().map(option -> option[0] + "=" + option[1]).toList();
    }

    @Test
    void settingsOutsideTheirRangeStopStartNamingTheProperty() {
        HeapFootprint.checkSettings(128 * MIB, java.time.Duration.ofSeconds(3));
        for (long budget : new long[] {0, 31 * MIB, 65L * 1024 * MIB}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HeapFootprint.checkSettings(budget, java.time.Duration.ofSeconds(3)));
            assertTrue(e.getMessage().startsWith("signet.memory.heap-budget"), e.getMessage());
        }
        for (java.time.Duration interval : List.of(java.time.Duration.ZERO, java.time.Duration.ofMillis(99),
                java.time.Duration.ofHours(2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HeapFootprint.checkSettings(128 * MIB, interval));
            assertTrue(e.getMessage().startsWith("signet.memory.min-interval"), e.getMessage());
        }
    }

    @Test
    void theHeapOptionsTheJvmKnowsAreReadable() {
        var hotspot = java.lang.management.ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        for (String name : List.of("MaxHeapSize", "MinHeapFreeRatio", "MaxHeapFreeRatio", "MaxRAMPercentage")) {
            assertTrue(hotspot.getVMOption(name).isWriteable() || !name.endsWith("FreeRatio"), name + " is manageable");
        }
    }
}
