package dev.signet.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The shipped logging settings: JSON in prod, plain text with the request ID in dev and test. */
class LogConfigTest {
    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = LogConfigTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    @Test
    void prodLogsJsonDevAndTestPlain() throws IOException {
        Properties properties = applicationProperties();
        assertEquals("true", properties.getProperty("quarkus.log.console.json.enabled"));
        assertFalse(properties.containsKey("%prod.quarkus.log.console.json.enabled"), "prod keeps JSON");
        assertEquals("false", properties.getProperty("%dev.quarkus.log.console.json.enabled"));
        assertEquals("false", properties.getProperty("%test.quarkus.log.console.json.enabled"));
    }

    @Test
    void plainLinesCarryTheRequestId() throws IOException {
        String format = applicationProperties().getProperty("quarkus.log.console.format");
        assertTrue(format.contains("%X{" + RequestIds.MDC_KEY + "}"), format);
        assertTrue(format.contains("%e"), "exceptions are printed: " + format);
    }

    @Test
    void requestIdRules() {
        assertEquals("abc-1.2_3:4/5+6=7", RequestIds.acceptOrGenerate("abc-1.2_3:4/5+6=7"));
        for (String hostile : new String[] {null, "", "a\nb", "a b", "é", "x".repeat(129), "{\"json\":1}", "a\u0000"}) {
            String id = RequestIds.acceptOrGenerate(hostile);
            assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                    hostile + " -> " + id);
            java.util.UUID parsed = java.util.UUID.fromString(id);
            assertEquals(4, parsed.version());
            assertEquals(2, parsed.variant());
        }
        assertTrue(!RequestIds.acceptOrGenerate(null).equals(RequestIds.acceptOrGenerate(null)), "IDs are fresh");
    }
}
