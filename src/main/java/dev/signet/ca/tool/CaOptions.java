package dev.signet.ca.tool;

import dev.signet.ca.CaCertificates;
import dev.signet.ca.CaHierarchy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;

/** The certificate options shared by the subcommands, with Fulcio's defaults (root 10 years, intermediate 5). */
final class CaOptions {

    static final String ORGANIZATION = "organization";
    static final String ROOT_CN = "root-cn";
    static final String INTERMEDIATE_CN = "intermediate-cn";
    static final String ROOT_VALIDITY = "root-validity";
    static final String INTERMEDIATE_VALIDITY = "intermediate-validity";
    static final String KEY_TYPE = "key-type";

    static final String DEFAULT_ORGANIZATION = "Signet";
    static final String DEFAULT_ROOT_CN = "Signet Root CA";
    static final String DEFAULT_INTERMEDIATE_CN = "Signet Intermediate CA";
    static final String DEFAULT_ROOT_VALIDITY = "3650d";
    static final String DEFAULT_INTERMEDIATE_VALIDITY = "1825d";
    /** Fulcio's root template: one CA level (the intermediate) below the root. */
    static final int ROOT_PATH_LENGTH = 1;

    private static final Pattern SHORT_DURATION = Pattern.compile("([1-9][0-9]{0,6})([dh])");
    private static final int MAX_NAME_CHARS = 64;

    private CaOptions() {
    }

    /** Root and intermediate settings from the options. */
    static CaHierarchy.Spec spec(Arguments arguments) throws ToolFailure {
        String organization = name(arguments, ORGANIZATION, DEFAULT_ORGANIZATION);
        X500Name root = CaCertificates.name(name(arguments, ROOT_CN, DEFAULT_ROOT_CN), organization);
        X500Name intermediate = CaCertificates.name(name(arguments, INTERMEDIATE_CN, DEFAULT_INTERMEDIATE_CN),
                organization);
        try {
            return new CaHierarchy.Spec(root, intermediate,
                    duration(arguments.orElse(ROOT_VALIDITY, DEFAULT_ROOT_VALIDITY), ROOT_VALIDITY),
                    duration(arguments.orElse(INTERMEDIATE_VALIDITY, DEFAULT_INTERMEDIATE_VALIDITY),
                            INTERMEDIATE_VALIDITY),
                    ROOT_PATH_LENGTH);
        } catch (IllegalArgumentException e) {
            throw ToolFailure.usage(e.getMessage());
        }
    }

    /** The intermediate's subject from the options. */
    static X500Name intermediateSubject(Arguments arguments) throws ToolFailure {
        return CaCertificates.name(name(arguments, INTERMEDIATE_CN, DEFAULT_INTERMEDIATE_CN),
                name(arguments, ORGANIZATION, DEFAULT_ORGANIZATION));
    }

    static Duration intermediateLifetime(Arguments arguments) throws ToolFailure {
        return duration(arguments.orElse(INTERMEDIATE_VALIDITY, DEFAULT_INTERMEDIATE_VALIDITY), INTERMEDIATE_VALIDITY);
    }

    static CaKeyType keyType(Arguments arguments) throws ToolFailure {
        return CaKeyType.parse(arguments.orElse(KEY_TYPE, CaKeyType.P384.optionValue()));
    }

    /** {@code 3650d}, {@code 87600h} or ISO-8601 ({@code P3650D}, {@code PT87600H}); positive. */
    static Duration duration(String text, String option) throws ToolFailure {
        Matcher matcher = SHORT_DURATION.matcher(text);
        Duration duration;
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            duration = matcher.group(2).equals("d") ? Duration.ofDays(amount) : Duration.ofHours(amount);
        } else {
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw ToolFailure.usage("--" + option + " must be like 3650d, 87600h or P3650D");
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw ToolFailure.usage("--" + option + " must be positive");
        }
        return duration;
    }

    private static String name(Arguments arguments, String option, String fallback) throws ToolFailure {
        String value = arguments.orElse(option, fallback).strip();
        if (value.isEmpty() || value.length() > MAX_NAME_CHARS) {
            // RFC 5280 upper bounds: 64 characters for CN and O.
            throw ToolFailure.usage("--" + option + " must have 1 to " + MAX_NAME_CHARS + " characters");
        }
        return value;
    }
}
