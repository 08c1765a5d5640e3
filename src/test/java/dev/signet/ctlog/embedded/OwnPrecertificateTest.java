package dev.signet.ctlog.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.TestChains;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the chain check reads from the bytes of Signet's own precertificates instead of parsing them. */
class OwnPrecertificateTest {
    private static final TestChains CA = new TestChains("Own");
    /** The poison extension's tail: BOOLEAN TRUE, then an OCTET STRING holding NULL. */
    private static final byte[] CRITICAL_NULL = {0x01, 0x01, (byte) 0xff, 0x04, 0x02, 0x05, 0x00};

    @Test
    void readsTheIssuerNameAndACriticalNullPoison() {
        OwnPrecertificate read = OwnPrecertificate.read(CA.precert("a@example.com").der());
        assertTrue(read.poisoned());
        assertArrayEquals(CA.root().getSubjectX500Principal().getEncoded(), read.issuer());
    }

    @Test
    void aCertificateWithoutPoisonIsNotAPrecertificate() {
        assertFalse(OwnPrecertificate.read(CA.certificate("b@example.com")).poisoned());
    }

    @Test
    void aPoisonThatIsNotCriticalOrNotNullDoesNotCount() {
        byte[] der = CA.precert("c@example.com").der();
        int at = indexOf(der, CRITICAL_NULL);
        byte[] notCritical = der.clone();
        notCritical[at + 2] = 0x00;
        assertFalse(OwnPrecertificate.read(notCritical).poisoned());
        byte[] notNull = der.clone();
        notNull[at + 5] = 0x04;
        assertFalse(OwnPrecertificate.read(notNull).poisoned());
    }

    @Test
    void bytesNotShapedLikeACertificateAreRefused() {
        byte[] der = CA.precert("d@example.com").der();
        assertThrows(IllegalArgumentException.class, () -> OwnPrecertificate.read(Arrays.copyOf(der, der.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> OwnPrecertificate.read(Arrays.copyOf(der, der.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> OwnPrecertificate.read(new byte[] {0x04, 0x00}));
        assertThrows(IllegalArgumentException.class, () -> OwnPrecertificate.read(new byte[0]));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("no critical NULL poison in the precertificate");
    }
}
