package dev.signet.ctlog.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.SignetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log key file: one PKCS#8 PEM block, written in Go's layout and read back strictly, text around it allowed. */
class LogKeysTest {

    @TempDir
    Path directory;

    @Test
    void writesOnePkcs8BlockAndReadsItBack() throws Exception {
        KeyPair pair = LogKeys.generate();
        String pem = LogKeys.toPem(pair.getPrivate());
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
        assertTrue(pem.endsWith("\n-----END PRIVATE KEY-----\n"), pem);
        KeyPair loaded = LogKeys.load(Files.writeString(directory.resolve("key.pem"), pem));
        assertArrayEquals(pair.getPublic().getEncoded(), loaded.getPublic().getEncoded());
    }

    @Test
    void readsTheKeyAmongExplanatoryTextAsRfc7468Allows() throws Exception {
        KeyPair pair = LogKeys.generate();
        String pem = LogKeys.toPem(pair.getPrivate());
        // What `openssl pkcs12 -nocerts` writes before a key, and a note after it.
        String annotated = "Bag Attributes\n    localKeyID: 01 00 00 00\nKey Attributes: <No Attributes>\n" + pem
                + "rotated 2026-12-01\n";
        Path file = Files.writeString(directory.resolve("annotated.pem"), annotated);
        assertArrayEquals(pair.getPrivate().getEncoded(), LogKeys.load(file).getPrivate().getEncoded());
    }

    @Test
    void refusesAFileThatIsNotExactlyOnePkcs8Block() throws Exception {
        String pem = LogKeys.toPem(LogKeys.generate().getPrivate());
        String[] bad = {
                "",
                "only text\n",
                pem + pem,
                pem.replace("-----END PRIVATE KEY-----", ""),
                pem.replace("PRIVATE KEY", "EC PRIVATE KEY"),
        };
        for (int i = 0; i < bad.length; i++) {
            Path file = Files.writeString(directory.resolve("bad-" + i + ".pem"), bad[i]);
            SignetException e = assertThrows(SignetException.class, () -> LogKeys.load(file), bad[i]);
            assertTrue(e.getMessage().contains("holds no PKCS#8 private key"), e.getMessage());
        }
    }
}
