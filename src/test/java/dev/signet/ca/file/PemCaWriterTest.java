package dev.signet.ca.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.ca.CaCertificates;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

/** The file CA's PEM is written as Bouncy Castle's (and OpenSSL's) PEM writer writes it, and reads back. */
class PemCaWriterTest {

    @Test
    void writesCertificatesAsBouncyCastlesPemWriterDoes() throws Exception {
        SecureRandom random = new SecureRandom();
        KeyPair key = CaCertificates.ecKeyPair("secp256r1", random);
        X509Certificate root = CaCertificates.root(key, CaCertificates.name("Writer Test Root", "Signet"),
                Instant.now(), Duration.ofDays(1), 0, random);
        StringWriter expected = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(expected)) {
            writer.writeObject(root);
            writer.writeObject(root);
        }
        assertEquals(expected.toString(),
                new String(PemCaWriter.certificates(List.of(root, root)), StandardCharsets.US_ASCII));
    }

    @Test
    void anEncryptedKeyReadsBackWithItsPassword() throws Exception {
        SecureRandom random = new SecureRandom();
        KeyPair key = CaCertificates.ecKeyPair("secp256r1", random);
        char[] password = "correct horse".toCharArray();
        byte[] pem = PemCaWriter.encryptedKey(key.getPrivate(), password, random);
        String text = new String(pem, StandardCharsets.US_ASCII);
        assertEquals(true, text.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
        PrivateKey read = PemCaReader.parseKey(pem, Path.of("key.pem"), "correct horse".toCharArray());
        assertArrayEquals(key.getPrivate().getEncoded(), read.getEncoded());
    }
}
