package dev.signet.ca.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * key leaves its KMS.
 */
class KmsCaToolTest {

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
