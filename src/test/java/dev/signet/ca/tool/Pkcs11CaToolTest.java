package dev.signet.ca.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signet.ca.CaMaterialCheck;
import dev.signet.codec.BouncyCastle;
import dev.signet.testing.LeafAssertions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet ca create/intermediate --pkcs11-config} against a real SoftHSM2 token. The tool
 * runs as a child JVM because SoftHSM finds its token directory through SOFTHSM2_CONF in the
 * process environment; each test gets its own token directory.
 */
class Pkcs11CaToolTest {

    private static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final Path UTIL = Path.of("/usr/bin/softhsm2-util");
    private static final String PIN = "4711-signet";

    @TempDir
    Path dir;

    private Path softhsmConf;
    private Path pkcs11Config;

    /** A process's exit code and output. */
    record Result(int exitCode, String out, String err) {
        String all() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    @BeforeEach
    void initialiseToken() throws Exception {
        assumeTrue(Files.isRegularFile(LIBRARY) && Files.isExecutable(UTIL),
                "SoftHSM2 is not installed (apt-get install softhsm2): PKCS#11 tool test skipped");
        Path tokens = Files.createDirectories(dir.resolve("tokens"));
        softhsmConf = dir.resolve("softhsm2.conf");
        Files.writeString(softhsmConf,
                "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Result init = exec(List.of(UTIL.toString(), "--init-token", "--free", "--label", "signet-test", "--pin", PIN,
                "--so-pin", "so-" + PIN));
        assertEquals(0, init.exitCode(), init.all());
        // The operator's configuration only: the tool itself makes generated keys token objects.
        pkcs11Config = dir.resolve("pkcs11.cfg");
        Files.writeString(pkcs11Config, "name = SoftHSM\nlibrary = " + LIBRARY + "\nslotListIndex = 0\n");
    }

    @Test
    void createsRootAndIntermediateInsideTheTokenUnderTheirAliases() throws Exception {
        Path out = dir.resolve("out");
        Result created = tool("create", "--pkcs11-config", pkcs11Config.toString(), "--pin-env", "TOKEN_PIN",
                "--key-alias", "signet-issuing", "--out", out.toString(), "--organization", "Example");
        assertEquals(0, created.exitCode(), created.all());
        assertFalse(created.all().contains(PIN));
        List<X509Certificate> chain = LeafAssertions.parsePem(created.out());
        assertEquals(2, chain.size());
        assertEquals(chain, LeafAssertions.parsePem(Files.readString(out.resolve("chain.pem"))));
        X509Certificate intermediate = chain.get(0);
        X509Certificate root = chain.get(1);
        CaMaterialCheck.checkPublishedChain(chain, "token chain");
        intermediate.verify(root.getPublicKey(), BouncyCastle.PROVIDER);
        assertEquals(0, intermediate.getBasicConstraints());
        assertEquals(1, root.getBasicConstraints());
        assertEquals(List.of("1.3.6.1.5.5.7.3.3"), intermediate.getExtendedKeyUsage());
        assertEquals(null, root.getExtendedKeyUsage());
        boolean[] usage = intermediate.getKeyUsage();
        assertTrue(usage[5] && usage[6] && !usage[0], "keyCertSign and cRLSign only");
        assertEquals(384, ((ECPublicKey) intermediate.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertTrue(intermediate.getSubjectX500Principal().getName().contains("O=Example"));

        // What the pkcs11 backend will see through SunPKCS11 with the operator's configuration alone.
        Result probe = probe("signet-issuing");
        assertEquals(0, probe.exitCode(), probe.all());
        assertTrue(probe.out().contains("aliases=signet-issuing,signet-issuing-root\n"), probe.all());
        assertEquals(chain, probedChain(probe));
        assertTrue(probe.out().contains("signs=true"), probe.all());
        String key = probe.out().lines().filter(line -> line.startsWith("key=")).findFirst().orElseThrow();
        assertTrue(key.contains("token object") && key.contains("sensitive") && key.contains("unextractable"), key);

        // The next intermediate, signed by the root key in the token.
        Result next = tool("intermediate", "--pkcs11-config", pkcs11Config.toString(), "--pin-env", "TOKEN_PIN",
                "--root-alias", "signet-issuing-root", "--key-alias", "signet-issuing-2",
                "--intermediate-cn", "Signet Issuing 2", "--intermediate-validity", "365d");
        assertEquals(0, next.exitCode(), next.all());
        List<X509Certificate> nextChain = LeafAssertions.parsePem(next.out());
        assertEquals(root, nextChain.get(1));
        assertNotEquals(intermediate.getPublicKey(), nextChain.get(0).getPublicKey());
        nextChain.get(0).verify(root.getPublicKey(), BouncyCastle.PROVIDER);
        CaMaterialCheck.checkPublishedChain(nextChain, "next token chain");
        Result nextProbe = probe("signet-issuing-2");
        assertEquals(nextChain, probedChain(nextProbe), nextProbe.all());
        assertTrue(nextProbe.out().contains("signs=true"), nextProbe.all());
    }

    @Test
    void refusesAnExistingAliasAndAWrongPinWithoutPrintingIt() throws Exception {
        Result created = tool("create", "--pkcs11-config", pkcs11Config.toString(), "--pin-env", "TOKEN_PIN",
                "--key-alias", "ca", "--root-alias", "root");
        assertEquals(0, created.exitCode(), created.all());
        Result again = tool("create", "--pkcs11-config", pkcs11Config.toString(), "--pin-env", "TOKEN_PIN",
                "--key-alias", "ca", "--root-alias", "root-2");
        assertEquals(1, again.exitCode(), again.all());
        assertTrue(again.err().contains("already has an entry under alias"), again.all());

        Result wrongPin = tool("create", "--pkcs11-config", pkcs11Config.toString(), "--pin-env", "WRONG_PIN",
                "--key-alias", "other");
        assertEquals(1, wrongPin.exitCode(), wrongPin.all());
        assertTrue(wrongPin.err().contains("cannot log in"), wrongPin.all());
        assertFalse(wrongPin.all().contains("wrong-" + PIN) || wrongPin.all().contains(PIN), wrongPin.all());
        Result missingRoot = tool("intermediate", "--pkcs11-config", pkcs11Config.toString(), "--pin-env", "TOKEN_PIN",
                "--root-alias", "nothing-here", "--key-alias", "next");
        assertEquals(1, missingRoot.exitCode(), missingRoot.all());
        assertTrue(missingRoot.err().contains("no private key under alias nothing-here"), missingRoot.all());
    }

    private static List<X509Certificate> probedChain(Result probe) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        for (String line : probe.out().lines().filter(l -> l.startsWith("chain=")).toList()) {
            chain.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getDecoder().decode(line.substring("chain=".length())))));
        }
        return chain;
    }

    private Result tool(String... args) throws Exception {
        List<String> command = new ArrayList<>(javaCommand(CaTool.class.getName()));
        command.addAll(List.of(args));
        return exec(command);
    }

    private Result probe(String alias) throws Exception {
        List<String> command = new ArrayList<>(javaCommand(Pkcs11Probe.class.getName()));
        command.addAll(List.of(pkcs11Config.toString(), "TOKEN_PIN", alias));
        return exec(command);
    }

    private static List<String> javaCommand(String mainClass) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), mainClass);
    }

    private Result exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.put("SOFTHSM2_CONF", softhsmConf.toString());
        environment.put("TOKEN_PIN", PIN);
        environment.put("WRONG_PIN", "wrong-" + PIN);
        Path stdout = Files.createTempFile(dir, "out", ".txt");
        Path stderr = Files.createTempFile(dir, "err", ".txt");
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
