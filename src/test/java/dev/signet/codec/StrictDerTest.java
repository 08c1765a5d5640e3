package dev.signet.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Integer;
import org.junit.jupiter.api.Test;

/** The one DER reader: strict for input from outside, BER-tolerant only in the linter's cut. */
class StrictDerTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void derWalksStrictTlv() throws Exception {
        StrictDer.Element top = StrictDer.parseWellFormed(hex("3006020101020102"), 4);
        StrictDer.Reader children = top.children();
        assertArrayEquals(new byte[] {1}, children.next(StrictDer.INTEGER).value());
        assertArrayEquals(hex("020102"), children.next(StrictDer.INTEGER).encoded());
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
            assertThrows(MalformedEncodingException.class, () -> StrictDer.parseWellFormed(hex(hex), 8), hex);
        }
    }

    @Test
    void derBoundsNesting() throws Exception {
        byte[] four = hex("3006300430023000");
        StrictDer.parseWellFormed(four, 5);
        assertThrows(MalformedEncodingException.class, () -> StrictDer.parseWellFormed(four, 4));
    }

    @Test
    void lenientElementReadsBerLengthsTheLinterMustDescribe() throws Exception {
        // A TBS written with a padded four-octet length: the linter reports it, so it must be able to cut it.
        byte[] padded = hex("3084000000020500");
        StrictDer.Element element = StrictDer.lenientElement(padded, 0, padded.length);
        assertEquals(0x30, element.tag());
        assertEquals(6, element.valueStart());
        assertArrayEquals(padded, element.encoded());
        assertThrows(MalformedEncodingException.class, () -> new StrictDer.Reader(padded, 0, padded.length).next());
    }

    @Test
    void lenientElementStillRefusesWhatIsNotOneDefiniteLengthElementInsideItsContainer() {
        assertRefused(new byte[] {0x30}, 1, "truncated header");
        assertRefused(new byte[] {0x30, (byte) 0x80, 0, 0}, 4, "indefinite length");
        assertRefused(new byte[] {0x30, (byte) 0x85, 0, 0, 0, 0, 1, 0}, 8, "five length octets");
        assertRefused(new byte[] {0x1f, 0x01, 0}, 3, "multi-octet tag");
        assertRefused(new byte[] {0x04, 0x03, 1, 2}, 4, "longer than the bytes");
        assertRefused(new byte[] {0x04, 0x02, 1, 2}, 3, "longer than its container");
        assertRefused(new byte[] {0x04, (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 6,
                "length past the int range");
    }

    private static void assertRefused(byte[] der, int limit, String what) {
        assertThrows(MalformedEncodingException.class, () -> StrictDer.lenientElement(der, 0, limit), what);
    }

    @Test
    void parseValueReturnsOneCanonicalDerValue() {
        assertEquals(new ASN1Integer(5), StrictDer.parseValue(hex("020105")).orElseThrow());
        assertTrue(StrictDer.parseValue(hex("3000")).isPresent());
    }

    @Test
    void parseValueRefusesWhatIsNotExactlyOneDerValue() {
        String[] bad = {
                "",
                "020105" + "00", // trailing byte
                "3080" + "0000", // indefinite length
                "04810100", // non-minimal length
                "02020005", // non-minimal INTEGER: BER-valid, re-encodes differently
                "010101", // BOOLEAN true not written as 0xff
                "2403040100", // constructed OCTET STRING
                "9f2a0100", // [42]: a high tag number, which Bouncy Castle would round-trip
        };
        for (String hex : bad) {
            assertTrue(StrictDer.parseValue(hex(hex)).isEmpty(), hex);
        }
    }

    @Test
    void parseValueBoundsNestingBeforeBouncyCastleRecurses() {
        byte[] deep = new byte[0];
        for (int depth = 0; depth < 40; depth++) {
            deep = DerBytes.frame(DerBytes.SEQUENCE, deep);
        }
        assertTrue(StrictDer.parseValue(deep).isEmpty());
    }
}
