package dev.signet.ctlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.ctlog.DigitallySigned;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The AddChainResponse JSON codec: a round trip, and everything malformed refused as CT_LOG. */
class AddChainResponseTest {
    private static final String ID = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String SIGNATURE = Base64.getEncoder().encodeToString(
            DigitallySigned.ecdsaSha256(new byte[] {0x30, 0x00}).encoded());

    private static String response(String version, String id, String timestamp, String extensions, String signature) {
        return "{\"sct_version\":" + version + ",\"id\":" + id + ",\"timestamp\":" + timestamp
                + ",\"extensions\":" + extensions + ",\"signature\":" + signature + "}";
    }

    @Test
    void encodeThenParseRoundTrips() {
        SignedCertificateTimestamp sct = new SignedCertificateTimestamp(new byte[32], 1_700_000_000_123L,
                new byte[] {0, 0, 5, 0, 0, 0, 0, 7}, DigitallySigned.ecdsaSha256(new byte[] {0x30, 0x00}).encoded());
        assertEquals(sct, AddChainResponse.parse(AddChainResponse.encode(sct)));
    }

    @Test
    void unknownFieldsAndEmptyExtensionsAreAccepted() {
        String json = "{\"extra\":[1],\"sct_version\":0,\"id\":\"" + ID + "\",\"timestamp\":5,\"extensions\":\"\","
                + "\"signature\":\"" + SIGNATURE + "\"}";
        assertEquals(5, AddChainResponse.parse(json.getBytes(StandardCharsets.UTF_8)).timestamp());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "[]",
            "null",
            "{\"sct_version\":0}",
            "{} {}",
            "{\"sct_version\":0,\"sct_version\":0}",
    })
    void notAnAddChainResponseIsRefused(String json) {
        assertRefused(json);
    }

    @Test
    void eachFieldIsChecked() {
        String id = "\"" + ID + "\"";
        String sig = "\"" + SIGNATURE + "\"";
        assertRefused(response("1", id, "5", "\"\"", sig));
        assertRefused(response("\"0\"", id, "5", "\"\"", sig));
        assertRefused(response("0.0", id, "5", "\"\"", sig));
        assertRefused(response("0", "\"" + Base64.getEncoder().encodeToString(new byte[31]) + "\"", "5", "\"\"", sig));
        assertRefused(response("0", "\"not base64!\"", "5", "\"\"", sig));
        assertRefused(response("0", "32", "5", "\"\"", sig));
        assertRefused(response("0", id, "-1", "\"\"", sig));
        assertRefused(response("0", id, "1.5", "\"\"", sig));
        assertRefused(response("0", id, "\"5\"", "\"\"", sig));
        assertRefused(response("0", id, "18446744073709551616", "\"\"", sig));
        assertRefused(response("0", id, "5", "null", sig));
        assertRefused(response("0", id, "5", "\"\"", "\"\""));
        assertRefused(response("0", id, "5", "\"\"",
                "\"" + Base64.getEncoder().encodeToString(new byte[] {4, 3, 0, 9}) + "\""));
        // Sanity check of the helper: the same fields with valid values parse.
        assertEquals(5, AddChainResponse.parse(response("0", id, "5", "\"\"", sig).getBytes(StandardCharsets.UTF_8))
                .timestamp());
    }

    @Test
    void anOversizedBodyIsRefused() {
        assertRefused(" ".repeat(AddChainResponse.MAX_BYTES + 1));
    }

    private static void assertRefused(String json) {
        SignetException failure = assertThrows(SignetException.class,
                () -> AddChainResponse.parse(json.getBytes(StandardCharsets.UTF_8)), json);
        assertEquals(ErrorKind.CT_LOG, failure.kind());
    }
}
