package dev.signet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Several full runs of {@link IssuanceBench} side by side: each run's efficiency and p99 at 50 % of
 * saturation per CA key and client, and their median, as issue #24's targets are stated (the median
 * of three consistent runs, each run's figure given). A run whose phase is flagged inconsistent shows
 * it with a star and its figure is still in the median: leaving it out would choose the runs.
 *
 * <pre>
 * java -cp 'target/test-classes:target/quarkus-app/lib/main/*' dev.signet.bench.IssuanceRuns run1.jsonl run2.jsonl run3.jsonl
 * </pre>
 */
final class IssuanceRuns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IssuanceRuns() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: IssuanceRuns <issuance.jsonl>...");
            System.exit(2);
        }
        List<List<JsonNode>> runs = new ArrayList<>();
        for (String file : args) {
            runs.add(read(Path.of(file)));
        }
        System.out.print(table(runs));
    }

    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> phases = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            if ("issuance".equals(node.path("bench").asText())) {
                phases.add(node);
            }
        }
        return phases;
    }

    /** One markdown row per CA key and client: each run's efficiency, the median, then p99 at 50 % the same way. */
    static String table(List<List<JsonNode>> runs) {
        Map<String, List<JsonNode>> saturation = byRow(runs, "saturation");
        Map<String, List<JsonNode>> half = byRow(runs, "open-50%");
        StringBuilder out = new StringBuilder();
        out.append(
                "| CA key | client | efficiency per run | median | server CPU µs/iss. per run | issuances/s per run | p99 at 50 % per run (ms) | median |\n");
        out.append("|---|---|---|---:|---|---|---|---:|\n");
        for (Map.Entry<String, List<JsonNode>> row : saturation.entrySet()) {
            List<JsonNode> phases = row.getValue();
            List<JsonNode> halves = half.getOrDefault(row.getKey(), List.of());
            String[] key = row.getKey().split("\\|");
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %s | %s | %s |%n", key[0], key[1],
                    joined(phases, node -> String.format(Locale.ROOT, "%.2f%s", node.path("efficiency").asDouble(),
                            node.path("consistent").asBoolean(true) ? "" : "*")),
                    median(phases.stream().mapToDouble(node -> node.path("efficiency").asDouble()).toArray()),
                    joined(phases, node -> String.valueOf(node.path("server_cpu_us_per_issuance").asLong())),
                    joined(phases, node -> String.valueOf(node.path("issuances_per_s").asLong())),
                    halves.isEmpty() ? "—"
                            : joined(halves,
                                    node -> String.format(Locale.ROOT, "%.1f", node.path("p99_ms").asDouble())),
                    halves.isEmpty() ? "—" : String.format(Locale.ROOT, "%.1f",
                            median(halves.stream().mapToDouble(node -> node.path("p99_ms").asDouble()).toArray()))));
        }
        return out.toString();
    }

    private static Map<String, List<JsonNode>> byRow(List<List<JsonNode>> runs, String phase) {
        Map<String, List<JsonNode>> rows = new LinkedHashMap<>();
        for (List<JsonNode> run : runs) {
            for (JsonNode node : run) {
                if (phase.equals(node.path("phase").asText())) {
                    rows.computeIfAbsent(node.path("ca_key").asText() + "|" + node.path("protocol").asText(),
                            ignored -> new ArrayList<>()).add(node);
                }
            }
        }
        return rows;
    }

    private static String joined(List<JsonNode> phases, java.util.function.Function<JsonNode, String> figure) {
        return phases.stream().map(figure).collect(Collectors.joining(", "));
    }

    /** The middle value; the mean of the two middle ones for an even count. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
