package dev.signet.ca.tool;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options given to one {@code signet ca} subcommand, as picocli parsed them ({@link CaCommandLine}
 * declares them), read by name without their dashes.
 */
final class Arguments {

    private static final int MAX_VALUE_CHARS = 4096;

    private final ParseResult parsed;

    private Arguments(ParseResult parsed) {
        this.parsed = parsed;
    }

    /** The options of {@code parsed}, each value at most {@value #MAX_VALUE_CHARS} characters. */
    static Arguments of(ParseResult parsed) throws ToolFailure {
        for (OptionSpec option : parsed.matchedOptions()) {
            String value = option.getValue();
            if (value != null && value.length() > MAX_VALUE_CHARS) {
                throw ToolFailure.usage("option " + option.longestName() + " is longer than " + MAX_VALUE_CHARS
                        + " characters");
            }
        }
        return new Arguments(parsed);
    }

    boolean has(String name) {
        return parsed.hasMatchedOption("--" + name);
    }

    String required(String name) throws ToolFailure {
        String value = parsed.matchedOptionValue("--" + name, null);
        if (value == null || value.isEmpty()) {
            throw ToolFailure.usage("option --" + name + " is required");
        }
        return value;
    }

    String orElse(String name, String fallback) {
        return parsed.matchedOptionValue("--" + name, fallback);
    }
}
