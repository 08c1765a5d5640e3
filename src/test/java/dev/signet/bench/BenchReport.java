package dev.signet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What the benchmarks write: JSON objects of counts and settings, and their files in {@code target/bench/}. */
final class BenchReport {
    static final Path DIRECTORY = Path.of("target", "bench");

    private BenchReport() {
    }

    /**
     * A map as a JSON object: numbers as they are, maps nested, anything else as a string. Keys and
     * strings are short server messages, status names or settings; control characters become spaces.
     */
    static String jsonObject(Map<String, ?> map) {
        StringBuilder json = new StringBuilder("{");
        map.forEach((key, value) -> {
            json.append(json.length() > 1 ? "," : "").append(jsonString(key)).append(':');
            if (value instanceof Number) {
                json.append(value);
            } else if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, ?> object = (Map<String, ?>) nested;
                json.append(jsonObject(object));
            } else {
                json.append(jsonString(String.valueOf(value)));
            }
        });
        return json.append('}').toString();
    }

    private static String jsonString(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ") + '"';
    }

    /** Writes {@code <name>.jsonl} and {@code <name>.md} into {@link #DIRECTORY}. */
    static void save(String name, CharSequence jsonLines, String markdown) throws IOException {
        Files.createDirectories(DIRECTORY);
        Files.writeString(DIRECTORY.resolve(name + ".jsonl"), jsonLines, StandardCharsets.UTF_8);
        Files.writeString(DIRECTORY.resolve(name + ".md"), markdown, StandardCharsets.UTF_8);
    }
}
