package dev.signet.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoIssuerProfileTest {

    @Test
    void refusedInTheProdProfile() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DemoIssuer(true, List.of("prod")));
        assertTrue(e.getMessage().contains("signet.demo.enabled"), e.getMessage());
    }

    @Test
    void offInProdIsFineAndOnInDevIsAllowed() {
        assertFalse(new DemoIssuer(false, List.of("prod")).enabled());
        assertTrue(new DemoIssuer(true, List.of("dev")).enabled());
    }
}
