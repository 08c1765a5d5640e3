package dev.signet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuanceRunsTest {
    @TempDir
    Path directory;

    @Test
    void medianOfThreeRunsPerCaKeyAndClientWithEachRunsFigureAndInconsistentOnesStarred() throws IOException {
        List<Path> files = new ArrayList<>();
        double[][] efficiencies = {{0.74, 0.70}, {0.79, 0.72}, {0.77, 0.69}};
        for (int run = 0; run < 3; run++) {
            Path file = directory.resolve("run" + run + ".jsonl");
            Files.writeString(file, String.join("\n",
                    "{\"bench\":\"issuance-ceiling\",\"ca_key\":\"P-384\",\"cpu_us_per_issuance\":560}",
                    phase("P-384", "rest-v2", "saturation", efficiencies[run][0], run != 1, 300),
                    phase("P-384", "rest-v2", "open-50%", 0.6, true, 270 + run),
                    phase("P-384", "node-rest-v2", "saturation", efficiencies[run][1], true, 400)) + "\n");
            files.add(file);
        }
        List<List<com.fasterxml.jackson.databind.JsonNode>> runs = new ArrayList<>();
        for (Path file : files) {
            runs.add(IssuanceRuns.read(file));
        }
        String table = IssuanceRuns.table(runs);

        assertTrue(table.contains("| P-384 | rest-v2 | 0.74, 0.79*, 0.77 | 0.77 |"), table);
        assertTrue(table.contains("| 270.0, 271.0, 272.0 | 271.0 |"), table);
        assertTrue(table.contains("| P-384 | node-rest-v2 | 0.70, 0.72, 0.69 | 0.70 |"), table);
        assertTrue(table.contains("| — | — |"), table);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(0.75, IssuanceRuns.median(new double[] {0.8, 0.7, 0.9, 0.6}), 1e-9);
        assertEquals(0.7, IssuanceRuns.median(new double[] {0.7}), 1e-9);
    }

    private static String phase(String caKey, String protocol, String phase, double efficiency, boolean consistent,
            double p99) {
        return String.format(java.util.Locale.ROOT,
                "{\"bench\":\"issuance\",\"ca_key\":\"%s\",\"protocol\":\"%s\",\"phase\":\"%s\",\"efficiency\":%.2f,"
                        + "\"consistent\":%b,\"p99_ms\":%.1f,\"server_cpu_us_per_issuance\":870,\"issuances_per_s\":1900}",
                caKey, protocol, phase, efficiency, consistent, p99);
    }
}
