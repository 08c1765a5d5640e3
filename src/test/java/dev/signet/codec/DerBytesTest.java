package dev.signet.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Framing DER lengths, checked against Bouncy Castle's encoder at every length-form boundary. */
class DerBytesTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 255, 256, 1000, 65535, 65536, 70000})
    void framesAsBouncyCastleEncodesAndReadsItBack(int length) throws Exception {
        byte[] content = new byte[length];
        Arrays.fill(content, (byte) 0x5a);
        byte[] framed = DerBytes.frame(0x04, Arrays.copyOf(content, length / 2),
                Arrays.copyOfRange(content, length / 2, length));
        assertArrayEquals(new DEROctetString(content).getEncoded(ASN1Encoding.DER), framed);

        StrictDer.Element element = StrictDer.parseWellFormed(framed, 1);
        assertEquals(0x04, element.tag());
        assertEquals(framed.length, element.end());
        assertEquals(length, element.valueLength());
        assertArrayEquals(framed, element.encoded());
    }
}
