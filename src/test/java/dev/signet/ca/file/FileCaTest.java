package dev.signet.ca.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.TestPki;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.codec.BouncyCastle;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileCaTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final LeafProfile PROFILE =
            new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(), new SecureRandom());
    private static final CertificateIdentity IDENTITY =
            new CertificateIdentity(SubjectAltName.email("alice@example.com"),
                    Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com"));

    @TempDir
    Path dir;

    private CaFiles write(TestPki.TwoLevel pki, byte[] keyPem) throws Exception {
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        Files.write(chain, TestPki.certificatesPem(pki.chain()));
        Files.write(key, keyPem);
        return new CaFiles(chain, key, PASSWORD.toCharArray());
    }

    private static FileCa open(CaFiles files) {
        return FileCa.open(files, PROFILE, Clock.systemUTC(), Optional.empty());
    }

    private static String failure(CaFiles files) {
        SignetException e = assertThrows(SignetException.class, () -> open(files));
        assertEquals(ErrorKind.CA_BACKEND, e.kind());
        assertFalse(e.getMessage().contains(PASSWORD), "message never shows the password");
        return e.getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521", "RSA", "Ed25519"})
    void loadsAnEncryptedPkcs8PairAndIssuesUnderIt(String keyType) throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel(keyType);
        try (FileCa ca = open(write(pki, TestPki.encryptedPkcs8Pem(pki.intermediateKeys().getPrivate(), PASSWORD)))) {
            assertEquals(pki.chain(), ca.trustChain());
            X509Certificate leaf = ca.issue(IDENTITY, TestPki.keyPair("P-256").getPublic()).leaf();
            leaf.verify(pki.intermediate().getPublicKey(), BouncyCastle.PROVIDER);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-384", "RSA"})
    void loadsALegacyOpenSslEncryptedKey(String keyType) throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel(keyType);
        byte[] pem = TestPki.legacyEncryptedPem(pki.intermediateKeys().getPrivate(), PASSWORD);
        assertTrue(new String(pem).contains("DEK-Info: AES-256-CBC"));
        try (FileCa ca = open(write(pki, pem))) {
            assertEquals(pki.chain(), ca.trustChain());
        }
    }

    @Test
    void wrongPasswordIsAClearErrorWithoutThePassword() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        CaFiles files = write(pki, TestPki.encryptedPkcs8Pem(pki.intermediateKeys().getPrivate(), "another password"));
        String message = failure(files);
        assertTrue(message.contains(files.key().toString()), message);
        assertTrue(message.contains("wrong password"), message);
        assertFalse(message.contains("another password"));
    }

    @Test
    void wrongPasswordOnALegacyKeyIsTheSameError() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        String message = failure(write(pki, TestPki.legacyEncryptedPem(pki.intermediateKeys().getPrivate(), "other")));
        assertTrue(message.contains("wrong password"), message);
    }

    @Test
    void unencryptedKeyIsRefused() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        String message = failure(write(pki, TestPki.unencryptedPkcs8Pem(pki.intermediateKeys().getPrivate())));
        assertTrue(message.contains("is not encrypted"), message);
    }

    @Test
    void keyNotMatchingTheCertificateIsRefused() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        CaFiles files = write(pki, TestPki.encryptedPkcs8Pem(TestPki.keyPair("P-256").getPrivate(), PASSWORD));
        String message = failure(files);
        assertTrue(message.contains("does not match"), message);
        assertTrue(message.contains(files.chain().toString()) && message.contains(files.key().toString()), message);
    }

    @Test
    void firstCertificateThatIsNotACaIsRefused() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        KeyPair keys = TestPki.keyPair("P-256");
        X509Certificate notCa =
                TestPki.cert("Leafish", keys.getPublic()).issuedBy(pki.root(), pki.rootKeys().getPrivate())
                        .ca(false).build();
        CaFiles files = write(pki, TestPki.encryptedPkcs8Pem(keys.getPrivate(), PASSWORD));
        Files.write(files.chain(), TestPki.certificatesPem(List.of(notCa, pki.root())));
        assertTrue(failure(files).contains("is not a CA certificate"));
    }

    @Test
    void intermediateWithoutCodeSigningIsRefused() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        KeyPair keys = TestPki.keyPair("P-256");
        X509Certificate noEku =
                TestPki.cert("No EKU", keys.getPublic()).issuedBy(pki.root(), pki.rootKeys().getPrivate())
                        .codeSigning(false).build();
        CaFiles files = write(pki, TestPki.encryptedPkcs8Pem(keys.getPrivate(), PASSWORD));
        Files.write(files.chain(), TestPki.certificatesPem(List.of(noEku, pki.root())));
        assertTrue(failure(files).contains("codeSigning"));
    }

    @Test
    void missingOrGarbageFilesNameTheFile() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        CaFiles files = write(pki, TestPki.encryptedPkcs8Pem(pki.intermediateKeys().getPrivate(), PASSWORD));
        Files.writeString(files.chain(), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        assertTrue(failure(files).contains(files.chain().toString()));
        Files.writeString(files.chain(), "");
        assertTrue(failure(files).contains("contains no certificate"));
        Files.delete(files.key());
        String message = failure(files);
        assertTrue(message.contains(files.key().toString()) && message.contains("cannot be read"), message);
    }

    @Test
    void chainWithAPrivateKeyBlockIsRefused() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        byte[] keyPem = TestPki.encryptedPkcs8Pem(pki.intermediateKeys().getPrivate(), PASSWORD);
        CaFiles files = write(pki, keyPem);
        Files.write(files.chain(), keyPem, java.nio.file.StandardOpenOption.APPEND);
        assertTrue(failure(files).contains("only CERTIFICATE blocks"));
    }

    @Test
    void reloadSwapsInANewValidPairAndKeepsTheOldOneWhenTheNewIsBroken() throws Exception {
        TestPki.TwoLevel first = TestPki.twoLevel("P-256");
        CaFiles files = write(first, TestPki.encryptedPkcs8Pem(first.intermediateKeys().getPrivate(), PASSWORD));
        try (FileCa ca = open(files)) {
            assertFalse(ca.reloadIfChanged(), "nothing changed");
            assertEquals(0, ca.reloadGeneration());

            // Half of a rotation: the new chain is there, the new key is not yet.
            TestPki.TwoLevel second = TestPki.twoLevel("P-384");
            Files.write(files.chain(), TestPki.certificatesPem(second.chain()));
            assertFalse(ca.reloadIfChanged());
            assertEquals(first.chain(), ca.trustChain());
            ca.issue(IDENTITY, TestPki.keyPair("P-256").getPublic()).leaf()
                    .verify(first.intermediate().getPublicKey(), BouncyCastle.PROVIDER);

            Files.write(files.key(), TestPki.encryptedPkcs8Pem(second.intermediateKeys().getPrivate(), PASSWORD));
            assertTrue(ca.reloadIfChanged());
            assertEquals(1, ca.reloadGeneration());
            assertEquals(second.chain(), ca.trustChain());
            ca.issue(IDENTITY, TestPki.keyPair("P-256").getPublic()).leaf()
                    .verify(second.intermediate().getPublicKey(), BouncyCastle.PROVIDER);

            // A broken replacement (garbage key) leaves the second pair in use.
            Files.writeString(files.key(),
                    "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
            assertFalse(ca.reloadIfChanged());
            assertEquals(1, ca.reloadGeneration());
            assertEquals(second.chain(), ca.trustChain());
        }
    }

    @Test
    void watcherThreadReloadsByItself() throws Exception {
        TestPki.TwoLevel first = TestPki.twoLevel("P-256");
        CaFiles files = write(first, TestPki.encryptedPkcs8Pem(first.intermediateKeys().getPrivate(), PASSWORD));
        TestPki.TwoLevel second = TestPki.twoLevel("P-256");
        try (FileCa ca = FileCa.open(files, PROFILE, Clock.systemUTC(), Optional.of(Duration.ofMillis(20)))) {
            Path newKey = dir.resolve("new-key.pem");
            Path newChain = dir.resolve("new-chain.pem");
            Files.write(newKey, TestPki.encryptedPkcs8Pem(second.intermediateKeys().getPrivate(), PASSWORD));
            Files.write(newChain, TestPki.certificatesPem(second.chain()));
            Files.move(newKey, files.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(newChain, files.chain(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ca.reloadGeneration() != 0);
            assertEquals(1, ca.reloadGeneration());
            assertEquals(second.chain(), ca.trustChain());
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("signet-ca-file-watch"))
                .allMatch(t -> waitForEnd(t)), "watcher thread stops on close");
    }

    @Test
    void partialConfigurationNamesTheMissingProperties() {
        SignetException e = assertThrows(SignetException.class, () -> FileCa.fromConfig(
                Optional.of(dir.resolve("chain.pem")), Optional.empty(), Optional.empty(), false, Duration.ofSeconds(5),
                dir, PROFILE, Clock.systemUTC()));
        assertTrue(
                e.getMessage().contains("partly configured: signet.ca.file.key, signet.ca.file.password are not set."),
                e.getMessage());

        SignetException onlyPassword = assertThrows(SignetException.class, () -> FileCa.fromConfig(
                Optional.of(dir.resolve("chain.pem")), Optional.of(dir.resolve("key.pem")), Optional.empty(), false,
                Duration.ofSeconds(5), dir, PROFILE, Clock.systemUTC()));
        assertTrue(onlyPassword.getMessage().contains("partly configured: signet.ca.file.password is not set."),
                onlyPassword.getMessage());
    }

    @Test
    void configuredPairIsLoadedFromConfig() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        CaFiles files = write(pki, TestPki.encryptedPkcs8Pem(pki.intermediateKeys().getPrivate(), PASSWORD));
        try (FileCa ca = FileCa.fromConfig(Optional.of(files.chain()), Optional.of(files.key()), Optional.of(PASSWORD),
                false, Duration.ofSeconds(5), dir.resolve("data"), PROFILE, Clock.systemUTC())) {
            assertEquals(pki.chain(), ca.trustChain());
        }
        assertFalse(Files.exists(dir.resolve("data")), "nothing is generated when a pair is configured");
    }

    private static boolean waitForEnd(Thread thread) {
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
