package dev.signet.memory;

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
        assertTrue(HeapFootprint.overBudget(300 * MIB, 192 * MIB, 0, 10 * second, 5 * second));
        assertFalse(HeapFootprint.overBudget(192 * MIB, 192 * MIB, 0, 10 * second, 5 * second));
        assertFalse(HeapFootprint.overBudget(300 * MIB, 192 * MIB, 6 * second, 10 * second, 5 * second));
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
