package dev.signet.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientSigningAlgorithmsTest {

    @Test
    void namesAreTrimmedAndKeptInRegistryOrder() {
        ClientSigningAlgorithms algorithms =
                new ClientSigningAlgorithms(List.of(" ed25519", "ecdsa-sha2-256-nistp256 "));
        assertEquals(List.of(SigningAlgorithm.ECDSA_SHA2_256_NISTP256, SigningAlgorithm.ED25519),
                List.copyOf(algorithms.allowed()));
    }

    @Test
    void anUnknownNameIsRefusedNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClientSigningAlgorithms(List.of("ecdsa-sha2-256-nistp256", "rsa-md5")));
        assertEquals("signet.client-signing-algorithms: unknown algorithm rsa-md5", e.getMessage());
    }
}
