package dev.signet.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmarks' settings, read from {@code -Dbench.*} system properties with their defaults. */
final class BenchSettings {

    private BenchSettings() {
    }

    /** A comma-separated list; blank items are dropped. */
    static List<String> list(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** A number of seconds (fractions allowed). */
    static Duration seconds(String property, double defaultSeconds) {
        return Duration.ofMillis((long) (1000 * Double.parseDouble(System.getProperty(property,
                Double.toString(defaultSeconds)))));
    }

    /** {@code 250ms}, {@code 2s} or a bare number of milliseconds. */
    static long durationMillis(String text) {
        String value = text.trim();
        if (value.endsWith("ms")) {
            return Long.parseLong(value.substring(0, value.length() - 2));
        }
        if (value.endsWith("s")) {
            return Long.parseLong(value.substring(0, value.length() - 1)) * 1000;
        }
        return Long.parseLong(value);
    }

    /**
     * {@code -Dbench.server-properties=key=value,...}: settings passed to the server as they are, after
     * the bench's own, so they can override them.
     */
    static Map<String, String> serverProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String setting : list("bench.server-properties", "")) {
            int equals = setting.indexOf('=');
            properties.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        return properties;
    }

    /** {@code -Dbench.server-jvm-options="-Xa -Xb"}: separated by spaces, as on a command line (agent options hold commas). */
    static List<String> serverJvmOptions() {
        return Arrays.stream(System.getProperty("bench.server-jvm-options", "").trim().split("\\s+"))
                .filter(option -> !option.isEmpty()).toList();
    }
}
