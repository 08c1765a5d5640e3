package dev.signet.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.CaCertificates;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one PEM codec: Go's layout when writing, strict single blocks and bounded certificate lists when reading. */
class PemTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

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

    @Test
    void encodesInSixtyFourColumnLinesAndDecodesBack() throws Exception {
        byte[] der = new byte[100];
        String pem = Pem.encode("PRIVATE KEY", der);
        String[] lines = pem.split("\n");
        assertEquals("-----BEGIN PRIVATE KEY-----", lines[0]);
        assertEquals(64, lines[1].length());
        assertEquals("-----END PRIVATE KEY-----", lines[lines.length - 1]);
        assertTrue(pem.endsWith("-----\n"));
        Pem.Block block = Pem.decode(ascii(pem));
        assertEquals("PRIVATE KEY", block.type());
        assertArrayEquals(der, block.der());
    }

    @Test
    void pemDecodesOneBlock() throws Exception {
        Pem.Block block = Pem.decode(ascii("\n  -----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n\n"));
        assertEquals("PUBLIC KEY", block.type());
        assertArrayEquals(new byte[] {0x30, 0x00}, block.der());
        assertTrue(Pem.looksLikePem(ascii(" \r\n-----BEGIN X-----")));
        assertFalse(Pem.looksLikePem(new byte[] {0x30, 0x00}));
    }

    @Test
    void pemRefusesEverythingElse() {
        String[] bad = {
                "-----BEGIN PUBLIC KEY-----\nMAA=\n-----END RSA PUBLIC KEY-----\n",
                "-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\nx",
                "x\n-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n",
                "-----BEGIN PUBLIC KEY-----MAA=\n-----END PUBLIC KEY-----\n",
                "-----BEGIN PUBLIC KEY-----\nMAA=-----END PUBLIC KEY-----\n",
                "-----BEGIN PUBLIC KEY-----\n\n-----END PUBLIC KEY-----\n",
                "-----BEGIN PUBLIC KEY-----\nM@A=\n-----END PUBLIC KEY-----\n",
                "-----BEGIN PUBLIC KEY-----\nKey: value\nMAA=\n-----END PUBLIC KEY-----\n",
                "-----BEGIN public key-----\nMAA=\n-----END public key-----\n",
                "-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n-----BEGIN PUBLIC KEY-----\nMAA=\n"
                        + "-----END PUBLIC KEY-----\n",
                "-----BEGIN PUBLIC KEY-----\n",
                "-----BEGIN ",
        };
        for (String text : bad) {
            assertThrows(MalformedEncodingException.class, () -> Pem.decode(ascii(text)), text);
        }
    }

    @Test
    void decodesOnlyABlockOfTheExpectedType() throws Exception {
        assertArrayEquals(new byte[] {0x30, 0x00},
                Pem.decode(ascii("-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n"), "PUBLIC KEY"));
        assertThrows(MalformedEncodingException.class,
                () -> Pem.decode(ascii("-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n"),
                        "PUBLIC KEY"));
    }
}
