package dev.signet.ca.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Startup validation of {@code signet.ca.pkcs11.*}; no HSM needed. */
class Pkcs11SettingsTest {

    @TempDir
    Path temp;

    private static final Function<String, String> NO_ENV = name -> null;

    private Path file(String name, String content) throws Exception {
        Path file = temp.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static String problem(Pkcs11Config config, Function<String, String> env) {
        SignetException e = assertThrows(SignetException.class, () -> Pkcs11Settings.fromConfig(config, env));
        assertEquals(ErrorKind.CA_BACKEND, e.kind());
        return e.getMessage();
    }

    @Test
    void pinFromFileWithoutItsTrailingNewline() throws Exception {
        Path pin = file("pin", "s3cret\r\n");
        Pkcs11Settings settings = Pkcs11Settings.fromConfig(
                Pkcs11Config.of(file("p.cfg", "name = x\n"), " ca ", pin), NO_ENV);
        assertEquals("ca", settings.keyAlias());
        assertArrayEquals("s3cret".toCharArray(), settings.pin().read());
        assertFalse(settings.pin().toString().contains("s3cret"));
        assertTrue(settings.pin().toString().contains(pin.toString()));
        assertEquals(Duration.ofSeconds(5), settings.reconnectInterval());
    }

    @Test
    void pinFromTheNamedEnvironmentVariable() throws Exception {
        Pkcs11Config config = new Pkcs11Config(Optional.of(file("p.cfg", "")), Optional.of("ca"),
                Optional.of("HSM_PIN"), Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(2));
        Pkcs11Settings settings = Pkcs11Settings.fromConfig(config, Map.of("HSM_PIN", "4321")::get);
        assertArrayEquals("4321".toCharArray(), settings.pin().read());
        assertEquals("PKCS#11 PIN from environment variable HSM_PIN", settings.pin().toString());
    }

    @Test
    void bothOrNeitherPinSourceIsRefused() throws Exception {
        Path cfg = file("p.cfg", "");
        Path pin = file("pin", "1");
        String both = problem(new Pkcs11Config(Optional.of(cfg), Optional.of("ca"), Optional.of("HSM_PIN"),
                Optional.of(pin), Optional.empty(), Optional.empty(), Duration.ofSeconds(5)),
                Map.of("HSM_PIN", "1")::get);
        assertTrue(both.contains("exactly one of signet.ca.pkcs11.pin-env and signet.ca.pkcs11.pin-file must be set, "
                + "both are"), both);
        String neither = problem(new Pkcs11Config(Optional.of(cfg), Optional.of("ca"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(5)), NO_ENV);
        assertTrue(neither.contains("neither is"), neither);
    }

    @Test
    void unsetEnvironmentVariableMissingFilesAndBadIntervalAreNamed() throws Exception {
        Path missing = temp.resolve("missing.cfg");
        String message = problem(new Pkcs11Config(Optional.of(missing), Optional.of("ca"), Optional.of("HSM_PIN"),
                Optional.empty(), Optional.of(temp.resolve("no-chain.pem")), Optional.of(temp.resolve("no-int.pem")),
                Duration.ZERO), NO_ENV);
        assertTrue(message.contains("signet.ca.pkcs11.config " + missing + " is not a readable file"), message);
        assertTrue(message.contains("environment variable HSM_PIN, which is not set"), message);
        assertTrue(message.contains("cert-chain and signet.ca.pkcs11.intermediates cannot both be set"), message);
        assertTrue(message.contains("signet.ca.pkcs11.cert-chain " + temp.resolve("no-chain.pem")), message);
        assertTrue(message.contains("signet.ca.pkcs11.reconnect-interval must be positive"), message);

        String pinFile = problem(Pkcs11Config.of(file("p.cfg", ""), "ca", temp.resolve("no-pin")), NO_ENV);
        assertTrue(pinFile.contains("signet.ca.pkcs11.pin-file " + temp.resolve("no-pin") + " is not a readable file"),
                pinFile);
        String alias = problem(new Pkcs11Config(Optional.of(file("q.cfg", "")), Optional.of("  "), Optional.empty(),
                Optional.of(file("pin2", "1")), Optional.empty(), Optional.empty(), Duration.ofSeconds(5)), NO_ENV);
        assertTrue(alias.contains("signet.ca.pkcs11.key-alias is not set"), alias);
    }

    @Test
    void emptyOversizedOrNonUtf8PinFilesAreRefusedWithoutEchoingThem() throws Exception {
        SignetException empty = assertThrows(SignetException.class, () -> Pkcs11Pin.fromFile(file("e", "\n")).read());
        assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());
        String big = "9".repeat(Pkcs11Pin.MAX_PIN_BYTES + 1);
        SignetException oversized =
                assertThrows(SignetException.class, () -> Pkcs11Pin.fromFile(file("b", big)).read());
        assertTrue(oversized.getMessage().contains("larger than"), oversized.getMessage());
        assertFalse(oversized.getMessage().contains("9999"));
        Path latin1 = temp.resolve("l");
        Files.write(latin1, new byte[] {'p', (byte) 0xE9});
        SignetException encoding = assertThrows(SignetException.class, () -> Pkcs11Pin.fromFile(latin1).read());
        assertTrue(encoding.getMessage().contains("not UTF-8"), encoding.getMessage());
    }
}
