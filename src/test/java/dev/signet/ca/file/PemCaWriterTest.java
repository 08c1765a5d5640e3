package dev.signet.ca.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file CA's PEM is written as Bouncy Castle's (and OpenSSL's) PEM writer writes it, and reads back. */
class PemCaWriterTest {

    @Test
    void writesCertificatesAsBouncyCastlesPemWriterDoes() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        // TestPki writes with Bouncy Castle's JcaPEMWriter, which PemCaWriter used before codec.Pem.
        assertArrayEquals(TestPki.certificatesPem(pki.chain()), PemCaWriter.certificates(pki.chain()));
    }

    @Test
    void anEncryptedKeyReadsBackWithItsPassword() throws Exception {
        PrivateKey key = TestPki.keyPair("P-256").getPrivate();
        byte[] pem = PemCaWriter.encryptedKey(key, "correct horse".toCharArray(),
                PemCaWriter.CHOSEN_PASSWORD_ITERATIONS, new SecureRandom());
        assertTrue(new String(pem, StandardCharsets.US_ASCII).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
        PrivateKey read = PemCaReader.parseKey(pem, Path.of("key.pem"), "correct horse".toCharArray());
        assertArrayEquals(key.getEncoded(), read.getEncoded());
    }

    @Test
    void theKeyIsEncryptedWithTheIterationCountAsked(@TempDir Path directory) throws Exception {
        PrivateKey key = TestPki.keyPair("P-256").getPrivate();
        Path file = directory.resolve("key.pem");
        Files.write(file, PemCaWriter.encryptedKey(key, "pw".toCharArray(), 1_234, new SecureRandom()));
        assertEquals(1_234, EncryptedKeyFiles.pbkdf2Iterations(file));
        assertArrayEquals(key.getEncoded(), PemCaReader.parseKey(Files.readAllBytes(file), file, "pw".toCharArray())
                .getEncoded());
    }
}
