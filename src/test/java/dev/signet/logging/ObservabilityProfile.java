package dev.signet.logging;

import dev.signet.ca.TestPki;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A file CA whose key is encrypted with {@link #CA_PASSWORD}, and DEBUG logging for Signet's own
 * code, so the log-secrecy test sees every line Signet could write.
 */
public class ObservabilityProfile implements QuarkusTestProfile {
    static final String CA_PASSWORD = "obs-ca-Pa55word-7f3a91";
    static volatile byte[] encryptedKeyPem;

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
            Path dir = Files.createTempDirectory("signet-obs-ca");
            Path cert = dir.resolve("chain.pem");
            Path key = dir.resolve("key.pem");
            Files.write(cert, TestPki.certificatesPem(List.of(pki.intermediate(), pki.root())));
            encryptedKeyPem = TestPki.encryptedPkcs8Pem(pki.intermediateKeys().getPrivate(), CA_PASSWORD);
            Files.write(key, encryptedKeyPem);
            return Map.of(
                    "signet.ca.type", "file",
                    "signet.ca.file.cert", cert.toString(),
                    "signet.ca.file.key", key.toString(),
                    "signet.ca.file.password", CA_PASSWORD,
                    "signet.ca.file.watch", "false",
                    "quarkus.log.category.\"dev.signet\".level", "DEBUG");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
