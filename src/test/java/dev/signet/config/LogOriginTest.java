package dev.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The embedded log's origin: derived from signet.public-url, checked against it, defaults per storage. */
class LogOriginTest {

    @Test
    void isDerivedFromThePublicUrlWithoutSchemeForBothStorages() {
        for (boolean shared : new boolean[] {false, true}) {
            assertEquals("signet.example.com/log",
                    LogOrigin.resolve(Optional.empty(), Optional.of("https://signet.example.com/"), shared));
            assertEquals("ca.example.com:8443/fulcio/log",
                    LogOrigin.resolve(Optional.empty(), Optional.of("https://CA.example.com:8443/fulcio"), shared));
        }
    }

    @Test
    void anExplicitOriginEqualToTheDerivedOneIsKept() {
        assertEquals("signet.example.com/log", LogOrigin.resolve(Optional.of("signet.example.com/log"),
                Optional.of("https://signet.example.com"), true));
    }

    @Test
    void anExplicitOriginContradictingThePublicUrlIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogOrigin.resolve(
                Optional.of("signet.local/log"), Optional.of("https://signet.example.com"), false));
        assertTrue(e.getMessage().contains("signet.example.com/log"), e.getMessage());
        assertTrue(e.getMessage().startsWith("signet.ctlog.embedded.origin="), e.getMessage());
    }

    @Test
    void anExplicitOriginAloneIsUsed() {
        assertEquals("ct.example.com/2026h1",
                LogOrigin.resolve(Optional.of("ct.example.com/2026h1"), Optional.empty(), true));
        assertEquals("ct.example.com/2026h1",
                LogOrigin.resolve(Optional.of("ct.example.com/2026h1"), Optional.empty(), false));
    }

    @Test
    void withNeitherTheLocalLogKeepsItsFormerDefaultAndTheSharedOneRefusesToStart() {
        assertEquals("signet.local/log", LogOrigin.resolve(Optional.empty(), Optional.empty(), false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogOrigin.resolve(Optional.empty(), Optional.empty(), true));
        assertTrue(e.getMessage().contains("signet.public-url"), e.getMessage());
    }
}
