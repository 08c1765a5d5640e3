package dev.signet.config;

import java.util.Locale;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * {@code true} or {@code false} (any case, surrounding blanks ignored), nothing else. The built-in
 * converter reads every unknown word as {@code false}, so a typo would quietly change what Signet
 * issues; with this one it stops startup instead.
 */
public final class StrictBoolean implements Converter<Boolean> {

    @Override
    public Boolean convert(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }
}
