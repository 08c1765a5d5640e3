package dev.signet.challenge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.certificate.MalformedEncodingException;
import dev.signet.certificate.StrictDer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strict PEM and DER readers everything else relies on. */
class StrictEncodingTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
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
    void derWalksStrictTlv() throws Exception {
        StrictDer.Element top = StrictDer.parseWellFormed(TestKeys.hex("3006020101020102"), 4);
        StrictDer.Reader children = top.children();
        assertArrayEquals(new byte[] {1}, children.next(StrictDer.INTEGER).value());
        assertArrayEquals(TestKeys.hex("020102"), children.next(StrictDer.INTEGER).encoded());
        children.requireEnd();
    }

    @Test
    void derRefusesBerAndBrokenInput() {
        String[] bad = {
            "",
            "30",
            "3000" + "00", // trailing byte
            "3080" + "0000", // indefinite length
            "308100", // non-minimal long form
            "30820005" + "0203010001", // non-minimal long form
            "3004020101", // content shorter than the length
            "3005020301", // inner length beyond the outer
            "2303000102", // constructed BIT STRING
            "1f0100", // high tag number
            "308400000000", // four length bytes
        };
        for (String hex : bad) {
            assertThrows(MalformedEncodingException.class, () -> StrictDer.parseWellFormed(TestKeys.hex(hex), 8), hex);
        }
    }

    @Test
    void derBoundsNesting() throws Exception {
        byte[] four = TestKeys.hex("3006300430023000");
        StrictDer.parseWellFormed(four, 5);
        assertThrows(MalformedEncodingException.class, () -> StrictDer.parseWellFormed(four, 4));
    }
}
