package dev.signet.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.CaCertificates;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {

    @Test
    void writesAndReadsBackACertificateList() throws Exception {
        SecureRandom random = new SecureRandom();
        KeyPair key = CaCertificates.ecKeyPair("secp256r1", random);
        X509Certificate root = CaCertificates.root(key, CaCertificates.name("Pem Test Root", "Signet"),
                Instant.now(), Duration.ofDays(1), 0, random);
        String pem = Pem.certificate(root);
        assertTrue(pem.endsWith("-----END CERTIFICATE-----\n"));
        assertEquals(List.of(root, root), Pem.certificates(pem + pem));
    }

    @Test
    void refusesWhatIsNotABoundedCertificateList() {
        assertMessage("hello", "no PEM CERTIFICATE block");
        assertMessage("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "unparsable certificate");
        assertMessage("x".repeat(Pem.MAX_PEM_CHARS + 1), "PEM larger than");
    }

    private static void assertMessage(String pem, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pem.certificates(pem));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
