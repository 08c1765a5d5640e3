package dev.signet.certificate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Framing and reading DER lengths, checked against Bouncy Castle's encoder at every length-form boundary. */
class DerBytesTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 255, 256, 1000, 65535, 65536, 70000})
    void framesAsBouncyCastleEncodesAndReadsItBack(int length) throws Exception {
        byte[] content = new byte[length];
        Arrays.fill(content, (byte) 0x5a);
        byte[] framed = DerBytes.frame(0x04, Arrays.copyOf(content, length / 2), Arrays.copyOfRange(content, length / 2, length));
        assertArrayEquals(new DEROctetString(content).getEncoded(ASN1Encoding.DER), framed);

        DerBytes.Element element = DerBytes.read(framed, 0, framed.length);
        assertEquals(0x04, element.tag());
        assertEquals(framed.length, element.end());
        assertEquals(length, element.end() - element.contentStart());
        assertArrayEquals(framed, element.encoding(framed));
    }

    @Test
    void refusesWhatIsNotOneDefiniteLengthElementInsideItsContainer() {
        assertThrows(IllegalArgumentException.class, () -> DerBytes.read(new byte[] {0x30}, 0, 1), "truncated header");
        assertThrows(IllegalArgumentException.class, () -> DerBytes.read(new byte[] {0x30, (byte) 0x80, 0, 0}, 0, 4),
                "indefinite length");
        assertThrows(IllegalArgumentException.class,
                () -> DerBytes.read(new byte[] {0x30, (byte) 0x85, 0, 0, 0, 0, 1, 0}, 0, 8), "five length octets");
        assertThrows(IllegalArgumentException.class, () -> DerBytes.read(new byte[] {0x1f, 0x01, 0}, 0, 3),
                "multi-octet tag");
        assertThrows(IllegalArgumentException.class, () -> DerBytes.read(new byte[] {0x04, 0x03, 1, 2}, 0, 4),
                "longer than the bytes");
        assertThrows(IllegalArgumentException.class, () -> DerBytes.read(new byte[] {0x04, 0x02, 1, 2}, 0, 3),
                "longer than its container");
        assertThrows(IllegalArgumentException.class,
                () -> DerBytes.read(new byte[] {0x04, (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0, 6),
                "length past the int range");
    }
}
