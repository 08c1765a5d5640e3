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

/** The log key file: one PKCS#8 PEM block, written in Go's layout and read back strictly. */
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
    void refusesAFileThatIsNotExactlyOnePkcs8Block() throws Exception {
        String pem = LogKeys.toPem(LogKeys.generate().getPrivate());
        String[] bad = {
            pem + "trailing text\n",
            "a comment first\n" + pem,
            pem + pem,
            pem.replace("PRIVATE KEY", "EC PRIVATE KEY"),
        };
        for (int i = 0; i < bad.length; i++) {
            Path file = Files.writeString(directory.resolve("bad-" + i + ".pem"), bad[i]);
            SignetException e = assertThrows(SignetException.class, () -> LogKeys.load(file), bad[i]);
            assertTrue(e.getMessage().contains("holds no PKCS#8 private key"), e.getMessage());
        }
    }
}
