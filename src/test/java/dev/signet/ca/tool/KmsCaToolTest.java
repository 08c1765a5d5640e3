package dev.signet.ca.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.CaMaterialCheck;
import dev.signet.ca.file.PemCaReader;
import dev.signet.ca.kms.AwsKmsJsonServer;
import dev.signet.ca.kms.GcpKmsGrpcServer;
import dev.signet.ca.kms.VaultTransitServer;
import dev.signet.codec.BouncyCastle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet ca create --kms-key}: the root key (AWS KMS stand-in) signs the root and the
 * intermediate, the intermediate key (Vault Transit stand-in) makes the trial signature; neither
 * key leaves its KMS. {@code signet ca intermediate --kms-key}: the next intermediate for a KMS key,
 * under a root whose key is in a KMS or in a file.
 */
class KmsCaToolTest {

    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> environment, String... args) {
        return new CaTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, Clock.systemUTC()).run(List.of(args));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void createMakesTheChainForTwoKmsKeysThroughTheKms() throws Exception {
        try (AwsKmsJsonServer root = new AwsKmsJsonServer("P-384");
                VaultTransitServer intermediate = new VaultTransitServer("P-256")) {
            Path ca = dir.resolve("ca");
            Files.createDirectories(ca);
            int code = run(Map.of("VAULT_ADDR", intermediate.url(), "VAULT_TOKEN", VaultTransitServer.TOKEN),
                    "create", "--kms-key", intermediate.reference(), "--root-kms-key", root.reference(),
                    "--aws-endpoint", root.url(), "--aws-region", "eu-west-1", "--out", ca.toString(),
                    "--root-cn", "KMS Root", "--intermediate-cn", "KMS Issuing");
            assertEquals(0, code, output());
            List<X509Certificate> chain = PemCaReader.parseChain(Files.readAllBytes(ca.resolve("chain.pem")), ca);
            assertEquals(2, chain.size());
            assertArrayEquals(intermediate.publicKey().getEncoded(), chain.get(0).getPublicKey().getEncoded());
            assertArrayEquals(root.publicKey().getEncoded(), chain.get(1).getPublicKey().getEncoded());
            chain.get(1).verify(root.publicKey(), BouncyCastle.PROVIDER);
            chain.get(0).verify(root.publicKey(), BouncyCastle.PROVIDER);
            assertEquals("SHA384withECDSA", chain.get(0).getSigAlgName());
            CaMaterialCheck.checkPublishedChain(chain, "the tool's chain");
            assertTrue(output().contains("signet.ca.kms.key=" + intermediate.reference()), output());
        }
    }

    @Test
    void createSignsWithAGoogleCloudKmsRootKey() throws Exception {
        try (GcpKmsGrpcServer root = new GcpKmsGrpcServer("P-384");
                VaultTransitServer intermediate = new VaultTransitServer("P-256")) {
            int code = run(Map.of("VAULT_ADDR", intermediate.url(), "VAULT_TOKEN", VaultTransitServer.TOKEN),
                    "create", "--kms-key", intermediate.reference(), "--root-kms-key", root.reference(),
                    "--gcp-endpoint", root.url(), "--out", dir.toString());
            assertEquals(0, code, output());
            List<X509Certificate> chain = PemCaReader.parseChain(Files.readAllBytes(dir.resolve("chain.pem")), dir);
            assertArrayEquals(root.publicKey().getEncoded(), chain.get(1).getPublicKey().getEncoded());
            chain.get(1).verify(root.publicKey(), BouncyCastle.PROVIDER);
            chain.get(0).verify(root.publicKey(), BouncyCastle.PROVIDER);
            CaMaterialCheck.checkPublishedChain(chain, "the tool's chain");
        }
    }

    @Test
    void intermediateCertifiesANewKmsKeyUnderARootInAnotherKms() throws Exception {
        try (AwsKmsJsonServer root = new AwsKmsJsonServer("P-384");
                VaultTransitServer first = new VaultTransitServer("P-256");
                GcpKmsGrpcServer next = new GcpKmsGrpcServer("P-384")) {
            Map<String, String> vault = Map.of("VAULT_ADDR", first.url(), "VAULT_TOKEN", VaultTransitServer.TOKEN);
            Path ca = dir.resolve("ca");
            Files.createDirectories(ca);
            assertEquals(0, run(vault, "create", "--kms-key", first.reference(), "--root-kms-key", root.reference(),
                    "--aws-endpoint", root.url(), "--aws-region", "eu-west-1", "--out", ca.toString()), output());
            List<X509Certificate> created = chain(ca);

            Path rotated = dir.resolve("next");
            Files.createDirectories(rotated);
            int code = run(vault, "intermediate", "--kms-key", next.reference(), "--gcp-endpoint", next.url(),
                    "--root-kms-key", root.reference(), "--aws-endpoint", root.url(), "--aws-region", "eu-west-1",
                    "--root-cert", ca.resolve("chain.pem").toString(), "--intermediate-cn", "KMS Issuing 2",
                    "--out", rotated.toString());
            assertEquals(0, code, output());
            List<X509Certificate> chain = chain(rotated);
            assertEquals(created.get(1), chain.get(1), "the same root");
            assertArrayEquals(next.publicKey().getEncoded(), chain.get(0).getPublicKey().getEncoded());
            chain.get(0).verify(root.publicKey(), BouncyCastle.PROVIDER);
            assertTrue(chain.get(0).getSubjectX500Principal().getName().contains("KMS Issuing 2"));
            CaMaterialCheck.checkPublishedChain(chain, "the tool's chain");
            assertTrue(output().contains("signet.ca.kms.key=" + next.reference()), output());
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("-----BEGIN CERTIFICATE-----"), output());
        }
    }

    @Test
    void intermediateCertifiesAKmsKeyUnderARootKeyFile() throws Exception {
        try (VaultTransitServer kms = new VaultTransitServer("P-256")) {
            Map<String, String> environment = vaultAndPassword(kms);
            Path ca = fileCa(environment);
            Path rotated = dir.resolve("next");
            int code = run(environment, "intermediate", "--kms-key", kms.reference(),
                    "--root-cert", ca.resolve("chain.pem").toString(), "--root-key",
                    ca.resolve("root-key.pem").toString(),
                    "--root-password-env", "CA_PASSWORD", "--out", rotated.toString());
            assertEquals(0, code, output());
            List<X509Certificate> chain = chain(rotated);
            assertEquals(chain(ca).get(1), chain.get(1));
            assertArrayEquals(kms.publicKey().getEncoded(), chain.get(0).getPublicKey().getEncoded());
            chain.get(0).verify(chain.get(1).getPublicKey(), BouncyCastle.PROVIDER);
            CaMaterialCheck.checkPublishedChain(chain, "the tool's chain");
            assertFalse(Files.exists(rotated.resolve("intermediate-key.pem")), "no key leaves the KMS");
            assertFalse(output().contains(PASSWORD), output());
        }
    }

    @Test
    void intermediateRefusesARootCertificateThatIsNotTheRootKmsKeys() throws Exception {
        try (AwsKmsJsonServer root = new AwsKmsJsonServer("P-384");
                VaultTransitServer kms = new VaultTransitServer("P-256")) {
            Map<String, String> environment = vaultAndPassword(kms);
            Path ca = fileCa(environment);
            Path rotated = dir.resolve("next");
            assertEquals(ToolFailure.FAILED, run(environment, "intermediate", "--kms-key", kms.reference(),
                    "--root-kms-key", root.reference(), "--aws-endpoint", root.url(), "--aws-region", "eu-west-1",
                    "--root-cert", ca.resolve("chain.pem").toString(), "--out", rotated.toString()));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not the public key of certificate"),
                    output());
            assertFalse(Files.exists(rotated.resolve("chain.pem")));
        }
    }

    @Test
    void intermediateWithAKmsKeyRefusesKeyTypesPasswordsAndAmbiguousRoots() {
        assertEquals(ToolFailure.USAGE, run(Map.of(), "intermediate", "--kms-key", "hashivault://a",
                "--root-kms-key", "hashivault://b", "--root-cert", "root.pem", "--key-type", "p256"));
        assertTrue(output().contains("--key-type cannot be used with --kms-key"), output());
        assertEquals(ToolFailure.USAGE, run(Map.of(), "intermediate", "--kms-key", "hashivault://a",
                "--root-kms-key", "hashivault://b", "--root-cert", "root.pem", "--password-env", "X"));
        assertEquals(ToolFailure.USAGE, run(Map.of(), "intermediate", "--kms-key", "hashivault://a",
                "--root-cert", "root.pem"));
        assertTrue(output().contains("exactly one of --root-kms-key and --root-key"), output());
        assertEquals(ToolFailure.USAGE, run(Map.of(), "intermediate", "--kms-key", "hashivault://a",
                "--root-kms-key", "hashivault://b", "--root-key", "root-key.pem", "--root-cert", "root.pem"));
        assertEquals(ToolFailure.USAGE, run(Map.of(), "intermediate", "--kms-key", "hashivault://a"));
        assertTrue(output().contains("--root-cert is required"), output());
        assertEquals(ToolFailure.USAGE, run(Map.of(), "intermediate", "--root-kms-key", "hashivault://b",
                "--root-cert", "root.pem", "--out", "x", "--password-env", "X"));
        assertTrue(output().contains("--root-kms-key cannot be used without --pkcs11-config or --kms-key"), output());
    }

    private static Map<String, String> vaultAndPassword(VaultTransitServer vault) {
        return Map.of("VAULT_ADDR", vault.url(), "VAULT_TOKEN", VaultTransitServer.TOKEN, "CA_PASSWORD", PASSWORD);
    }

    /** A root and intermediate in encrypted files under dir/ca, made by the tool. */
    private Path fileCa(Map<String, String> environment) {
        Path ca = dir.resolve("ca");
        assertEquals(0, run(environment, "create", "--out", ca.toString(), "--password-env", "CA_PASSWORD"), output());
        return ca;
    }

    private static List<X509Certificate> chain(Path directory) throws Exception {
        return PemCaReader.parseChain(Files.readAllBytes(directory.resolve("chain.pem")), directory);
    }

    @Test
    void createRefusesAPlaintextGoogleCloudKmsEndpointThatIsNotLoopback() {
        assertEquals(ToolFailure.FAILED, run(Map.of(), "create", "--kms-key", "hashivault://a", "--root-kms-key",
                "gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1",
                "--gcp-endpoint", "http://kms.example.com"));
        assertTrue(output().contains("must be https unless it is a loopback address"), output());
    }

    @Test
    void createRefusesAKeyTypeAndPasswordsWithKmsKeys() {
        assertEquals(ToolFailure.USAGE, run(Map.of(), "create", "--kms-key", "hashivault://a", "--root-kms-key",
                "hashivault://b", "--key-type", "p256"));
        assertTrue(output().contains("--key-type cannot be used with --kms-key"), output());
        assertEquals(ToolFailure.USAGE, run(Map.of(), "create", "--kms-key", "hashivault://a", "--root-kms-key",
                "hashivault://a"));
        assertEquals(ToolFailure.USAGE, run(Map.of(), "create", "--kms-key", "kms://nothing", "--root-kms-key",
                "hashivault://a"));
    }
}
