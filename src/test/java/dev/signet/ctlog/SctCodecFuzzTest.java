package dev.signet.ctlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;

/**
 * Fuzzes the two SCT codecs: the RFC 6962 TLS encoding and the add-chain JSON answer. Property:
 * a parsed SCT or a CT_LOG failure, nothing else; and every SCT parsed from either form survives
 * both round trips unchanged (parse(encode(x)) == x, for TLS and JSON alike).
 */
class SctCodecFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void tls(byte[] input) {
        SignedCertificateTimestamp sct;
        try {
            sct = SignedCertificateTimestamp.parse(input);
        } catch (SignetException e) {
            assertSame(ErrorKind.CT_LOG, e.kind());
            return;
        }
        assertArrayEquals(input, sct.tlsEncoded());
        roundTrips(sct);
    }

    @FuzzTest(maxDuration = "2m")
    void addChainResponse(byte[] input) {
        SignedCertificateTimestamp sct;
        try {
            sct = AddChainResponse.parse(input);
        } catch (SignetException e) {
            assertSame(ErrorKind.CT_LOG, e.kind());
            return;
        }
        roundTrips(sct);
    }

    private static void roundTrips(SignedCertificateTimestamp sct) {
        assertEquals(sct, SignedCertificateTimestamp.parse(sct.tlsEncoded()));
        assertEquals(sct, AddChainResponse.parse(AddChainResponse.encode(sct)));
        DigitallySigned signed = sct.digitallySigned();
        assertArrayEquals(sct.signature(), signed.encoded());
    }
}
