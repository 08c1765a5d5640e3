package dev.signet.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class ClaimsTest {
    /** One of each forbidden kind: C0, DEL, C1, bidi, zero-width, BOM, soft hyphen, separators, a supplementary Cf tag. */
    static final List<String> FORBIDDEN = List.of("a\u0000b", "a\tb", "a\nb", "a\u007fb", "a\u0085b", "a\u009fb",
            "a\u202Eb", "a\u2066b", "a\u200Bb", "a\u200Db", "a\uFEFFb", "a\u00ADb", "a\u2028b", "a\u2029b",
            "a\uDB40\uDC01b");
    static final List<String> LONE_SURROGATES = List.of("a\uD800b", "a\uDC00b", "\uD800", "b\uDBFF");

    static void refused(BiFunction<String, String, String> check, String value) {
        SignetException e = assertThrows(SignetException.class, () -> check.apply("workflow", value), value);
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
        assertTrue(e.getMessage().startsWith("workflow claim"), e.getMessage());
        assertFalse(e.getMessage().contains(value), "the value never reaches the message");
    }

    @Test
    void controlFormatSeparatorAndLoneSurrogateCharactersAreRefusedByBothRules() {
        for (String value : FORBIDDEN) {
            refused(Claims::checked, value);
            refused(Claims::exact, value);
        }
        for (String value : LONE_SURROGATES) {
            refused(Claims::checked, value);
            refused(Claims::exact, value);
        }
        refused(Claims::checked, "x".repeat(Claims.MAX_VALUE_LENGTH + 1));
        refused(Claims::exact, "x".repeat(Claims.MAX_VALUE_LENGTH + 1));
    }

    @Test
    void printableTextIsKeptExactlyAndPairedSurrogatesPass() {
        for (String value : List.of("Release <\"prod\"> & sign", "caf\u00e9", "\uD83D\uDE80 ship", "a b",
                "\u65E5\u672C",
                "x".repeat(Claims.MAX_VALUE_LENGTH))) {
            assertEquals(value, Claims.checked("workflow", value));
            assertEquals(value, Claims.exact("workflow", value));
        }
    }

    @Test
    void textIsNormalisedToNfcButAnIdentityThatIsNotNfcIsRefused() {
        assertEquals("caf\u00e9", Claims.checked("workflow", "cafe\u0301"));
        assertEquals("\uAC00", Claims.checked("workflow", "\u1100\u1161"));
        assertEquals("\u00C5", Claims.checked("workflow", "\u212B"), "the Angstrom sign is the letter in NFC");
        refused(Claims::exact, "cafe\u0301");
        refused(Claims::exact, "\u212B");
    }

    @Test
    void aValueWhoseNfcOutgrowsTheCapIsRefused() {
        // U+FB2C expands to three characters in NFC.
        refused(Claims::checked, "\uFB2C".repeat(Claims.MAX_VALUE_LENGTH / 2));
    }

    @Test
    void tokenReadersApplyTheRuleTheirNameSays() {
        Claims claims = new Claims(new VerifiedToken("https://issuer.example", "ange\u0301le",
                Map.of("workflow", "Cafe\u0301", "run_id", "Cafe\u0301", "n", 7, "hidden", "a\u202Eb")));
        assertEquals("Caf\u00e9", claims.required("workflow"));
        assertThrows(SignetException.class, () -> claims.requiredExact("run_id"));
        assertEquals("7", claims.requiredExact("n"));
        assertThrows(SignetException.class, () -> claims.optional("hidden"));
        assertThrows(SignetException.class, claims::subject, "sub names the identity: never rewritten");
    }
}
