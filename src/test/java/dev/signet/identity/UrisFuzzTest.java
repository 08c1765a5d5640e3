package dev.signet.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.FuzzStrings;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Optional;

/**
 * Fuzzes the claim-to-URI helpers. Properties: {@link Uris#checked} accepts only printable-ASCII,
 * capped strings that java.net.URI parses into components which reassemble to exactly the input;
 * {@link Uris#segment} leaves no {@code / ? # %} or other reserved character unencoded and decodes
 * back to exactly the input, refusing only what {@link Claims#exact} refuses; {@link Claims#exact} passes
 * only capped, well-formed NFC strings free of Cc, Cf, Zl and Zp characters, unchanged, and
 * {@link Claims#checked} passes the same strings in any normalization form and returns their NFC;
 * {@link Claims#stringify} writes numbers that read back to the same value.
 */
class UrisFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void checked(byte[] input) {
        String value = FuzzStrings.decode(input);
        try {
            assertSame(value, Uris.checked("uri", value));
        } catch (SignetException e) {
            assertSame(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
            return;
        }
        assertTrue(value.length() <= Claims.MAX_VALUE_LENGTH);
        assertTrue(value.chars().allMatch(c -> c > 0x20 && c < 0x7f), value);
        URI uri = URI.create(value);
        assertEquals(value, uri.toASCIIString());
        assertNotNull(uri.getHost(), value);
        StringBuilder rebuilt = new StringBuilder(uri.getScheme()).append("://").append(uri.getRawAuthority())
                .append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            rebuilt.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            rebuilt.append('#').append(uri.getRawFragment());
        }
        assertEquals(value, rebuilt.toString());
    }

    @FuzzTest(maxDuration = "2m")
    void segment(byte[] input) {
        String value = FuzzStrings.decode(input);
        String encoded;
        try {
            encoded = Uris.segment(value);
        } catch (SignetException e) {
            assertSame(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
            assertTrue(!acceptable(value) || !Normalizer.isNormalized(value, Normalizer.Form.NFC),
                    "refused an acceptable segment");
            return;
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                String hex = encoded.substring(i + 1, i + 3);
                assertTrue(hex.matches("[0-9A-F]{2}"), encoded);
                decoded.write(Integer.parseInt(hex, 16));
                i += 2;
            } else {
                assertTrue((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '.' || c == '_' || c == '~', encoded);
                decoded.write(c);
            }
        }
        assertArrayEquals(value.getBytes(StandardCharsets.UTF_8), decoded.toByteArray());
        assertEquals(value, new String(decoded.toByteArray(), StandardCharsets.UTF_8));
    }

    /** The first 8 bytes read as a double claim; the whole input, read as a string claim, is checked. */
    @FuzzTest(maxDuration = "1m")
    void stringify(byte[] input) {
        if (input.length >= 8) {
            double number = ByteBuffer.wrap(input, 0, 8).getDouble();
            Optional<String> text = Claims.stringify(number);
            assertEquals(Double.isFinite(number), text.isPresent());
            text.ifPresent(t -> {
                assertTrue(t.matches("-?[0-9]+(\\.[0-9]+)?"), t);
                assertEquals(number == 0 ? 0.0 : number, new BigDecimal(t).doubleValue());
            });
        }
        String value = FuzzStrings.decode(input);
        String nfc;
        try {
            nfc = Claims.checked("claim", value);
        } catch (SignetException e) {
            assertSame(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
            assertTrue(
                    !acceptable(value)
                            || Normalizer.normalize(value, Normalizer.Form.NFC).length() > Claims.MAX_VALUE_LENGTH,
                    "refused an acceptable value");
            return;
        }
        assertTrue(acceptable(value));
        assertEquals(Normalizer.normalize(value, Normalizer.Form.NFC), nfc);
        assertTrue(nfc.length() <= Claims.MAX_VALUE_LENGTH);
        if (nfc.equals(value)) {
            assertSame(value, Claims.exact("claim", value));
        } else {
            assertThrows(SignetException.class, () -> Claims.exact("claim", value));
        }
    }

    /** Capped, well-formed, and without control, format, line or paragraph separator characters. */
    static boolean acceptable(String value) {
        return value.length() <= Claims.MAX_VALUE_LENGTH && FuzzStrings.isWellFormed(value)
                && value.codePoints().noneMatch(c -> {
                    int type = Character.getType(c);
                    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR;
                });
    }
}
