package dev.signet.ca.tool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line options of one {@code signet ca} subcommand: {@code --name value} or
 * {@code --name=value}, each at most once, plus the {@code --help} flag. Unknown options are refused.
 */
final class Arguments {

    private static final int MAX_VALUE_CHARS = 4096;

    private final Map<String, String> values;
    private final boolean help;

    private Arguments(Map<String, String> values, boolean help) {
        this.values = values;
        this.help = help;
    }

    /** Parses {@code args} allowing only the options named in {@code known} (without their dashes). */
    static Arguments parse(List<String> args, Set<String> known) throws ToolFailure {
        Map<String, String> values = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                // Not echoed: it may be a secret typed in the wrong place.
                throw ToolFailure.usage("unexpected argument " + (i + 1) + " (options start with --)");
            }
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.size()) {
                    throw ToolFailure.usage("option --" + shorten(name) + " needs a value");
                }
                value = args.get(++i);
            }
            if (!known.contains(name)) {
                throw ToolFailure.usage("unknown option --" + shorten(name));
            }
            if (values.containsKey(name)) {
                throw ToolFailure.usage("option --" + name + " is given twice");
            }
            if (value.length() > MAX_VALUE_CHARS) {
                throw ToolFailure.usage("option --" + name + " is longer than " + MAX_VALUE_CHARS + " characters");
            }
            values.put(name, value);
        }
        return new Arguments(values, help);
    }

    boolean help() {
        return help;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) throws ToolFailure {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw ToolFailure.usage("option --" + name + " is required");
        }
        return value;
    }

    String orElse(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    // Unknown input is echoed in errors; keep it short in case a secret was pasted in the wrong place.
    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
