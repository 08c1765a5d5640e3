package dev.signet.ca.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.CaCertificates;
import dev.signet.ca.CaSignatureAlgorithm;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.error.SignetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedCaTest {

    private static final LeafProfile PROFILE =
            new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(), new SecureRandom());

    @TempDir
    Path dataDir;

    private FileCa start() {
        return FileCa.fromConfig(Optional.empty(), Optional.empty(), Optional.empty(), false, Duration.ofSeconds(5),
                dataDir, PROFILE, Clock.systemUTC());
    }

    @Test
    void firstStartCreatesAnOwnerOnlyRootAndIntermediate() throws Exception {
        X509Certificate root;
        X509Certificate intermediate;
        try (FileCa ca = start()) {
            List<X509Certificate> chain = ca.trustChain();
            assertEquals(2, chain.size());
            intermediate = chain.get(0);
            root = chain.get(1);
            X509Certificate leaf = ca.issue(
                    new CertificateIdentity(SubjectAltName.email("a@b.c"),
                            Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com")),
                    dev.signet.ca.TestPki.keyPair("P-256").getPublic()).leaf();
            assertEquals("1.2.840.10045.4.3.3", leaf.getSigAlgOID(), "P-384 intermediate signs with SHA384withECDSA");
        }
        Path caDir = dataDir.resolve("ca");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir)));
        for (String name : List.of("chain.pem", "intermediate-key.pem", "root-key.pem", "password")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir.resolve(name))),
                    name);
        }
        try (Stream<Path> files = Files.list(caDir)) {
            assertEquals(4, files.count(), "no temporary files left behind");
        }
        // The password is 256 random bits stored beside the keys: stretching it would only slow every start.
        assertEquals(43, Files.readString(caDir.resolve("password")).strip().length());
        for (String name : List.of("intermediate-key.pem", "root-key.pem")) {
            assertEquals(PemCaWriter.RANDOM_PASSWORD_ITERATIONS,
                    EncryptedKeyFiles.pbkdf2Iterations(caDir.resolve(name)),
                    name);
        }

        assertEquals("CN=Signet Root CA,O=Signet", root.getSubjectX500Principal().getName());
        assertEquals(root.getSubjectX500Principal(), root.getIssuerX500Principal());
        assertEquals(Integer.MAX_VALUE, root.getBasicConstraints());
        assertArrayEquals(new boolean[] {false, false, false, false, false, true, true, false, false},
                root.getKeyUsage());
        assertTrue(root.getCriticalExtensionOIDs().contains("2.5.29.15"));
        assertEquals(null, root.getExtendedKeyUsage());
        assertEquals(CaSignatureAlgorithm.ECDSA_P384, CaSignatureAlgorithm.forKey(root.getPublicKey()));
        assertEquals(Duration.ofDays(3650),
                Duration.between(root.getNotBefore().toInstant(), root.getNotAfter().toInstant()));
        assertTrue(root.getSerialNumber().signum() > 0 && root.getSerialNumber().toByteArray().length <= 20);
        assertTrue(root.getExtensionValue("2.5.29.14") != null);

        assertEquals("CN=Signet Intermediate CA,O=Signet", intermediate.getSubjectX500Principal().getName());
        assertEquals(0, intermediate.getBasicConstraints());
        assertArrayEquals(new boolean[] {false, false, false, false, false, true, true, false, false},
                intermediate.getKeyUsage());
        assertEquals(List.of("1.3.6.1.5.5.7.3.3"), intermediate.getExtendedKeyUsage());
        assertEquals(CaSignatureAlgorithm.ECDSA_P384, CaSignatureAlgorithm.forKey(intermediate.getPublicKey()));
        assertEquals(Duration.ofDays(1825),
                Duration.between(intermediate.getNotBefore().toInstant(), intermediate.getNotAfter().toInstant()));
        assertTrue(intermediate.getExtensionValue("2.5.29.35") != null);
        intermediate.verify(root.getPublicKey());

        // The root key file is encrypted with the same password and belongs to the root.
        char[] password = Files.readString(caDir.resolve("password"), StandardCharsets.US_ASCII).strip().toCharArray();
        assertTrue(password.length >= 40);
        PrivateKey rootKey = PemCaReader.parseKey(Files.readAllBytes(caDir.resolve("root-key.pem")),
                caDir.resolve("root-key.pem"), password);
        Signature signer = Signature.getInstance("SHA384withECDSA", dev.signet.codec.BouncyCastle.PROVIDER);
        signer.initSign(rootKey);
        signer.update(new byte[] {1});
        byte[] signature = signer.sign();
        signer.initVerify(root.getPublicKey());
        signer.update(new byte[] {1});
        assertTrue(signer.verify(signature));
        assertTrue(Files.readString(caDir.resolve("intermediate-key.pem"))
                .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    }

    @Test
    void laterStartsReuseTheGeneratedRoot() {
        String firstRoot;
        try (FileCa ca = start()) {
            firstRoot = CaCertificates.fingerprint(ca.trustChain().get(1));
        }
        try (FileCa ca = start()) {
            assertEquals(firstRoot, CaCertificates.fingerprint(ca.trustChain().get(1)));
        }
    }

    @Test
    void interruptedGenerationWithoutAChainIsGeneratedAgain() throws Exception {
        Path caDir = dataDir.resolve("ca");
        Files.createDirectories(caDir);
        Files.writeString(caDir.resolve("password"), "left over\n");
        try (FileCa ca = start()) {
            assertEquals(2, ca.trustChain().size());
        }
        assertNotEquals("left over", Files.readString(caDir.resolve("password")).strip());
    }

    @Test
    void chainWithoutItsPasswordIsRefusedNotReplaced() throws Exception {
        String root;
        try (FileCa ca = start()) {
            root = CaCertificates.fingerprint(ca.trustChain().get(1));
        }
        Path caDir = dataDir.resolve("ca");
        byte[] chain = Files.readAllBytes(caDir.resolve("chain.pem"));
        Files.delete(caDir.resolve("password"));
        SignetException e = assertThrows(SignetException.class, this::start);
        assertTrue(e.getMessage().contains("password is missing"), e.getMessage());
        assertArrayEquals(chain, Files.readAllBytes(caDir.resolve("chain.pem")));
        assertTrue(root.length() == 64);
    }
}
