package dev.signet.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A switch that changes certificates must not turn off because of a typo. */
class StrictBooleanTest {

    @ConfigMapping(prefix = "test")
    interface Switch {
        @WithDefault("true")
        @WithConverter(StrictBoolean.class)
        boolean on();
    }

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withMapping(Switch.class)
                .withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }

    @Test
    void acceptsTrueAndFalseInAnyCase() {
        assertTrue(config(Map.of()).getConfigMapping(Switch.class).on());
        assertTrue(config(Map.of("test.on", "TRUE")).getConfigMapping(Switch.class).on());
        assertFalse(config(Map.of("test.on", "false")).getConfigMapping(Switch.class).on());
        assertFalse(config(Map.of("test.on", " False ")).getConfigMapping(Switch.class).on());
    }

    @Test
    void anythingElseStopsStartup() {
        for (String value : new String[] {"flase", "no", "0", "off", "yes"}) {
            assertThrows(RuntimeException.class, () -> config(Map.of("test.on", value)), value);
        }
    }
}
