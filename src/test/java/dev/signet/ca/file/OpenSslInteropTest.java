package dev.signet.ca.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.TestPki;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.codec.BouncyCastle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Material written by the openssl command line loads, and what Signet generates opens in openssl. Skipped without openssl. */
class OpenSslInteropTest {

    private static final LeafProfile PROFILE =
            new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(), new SecureRandom());

    @TempDir
    Path dir;

    @BeforeAll
    static void opensslIsInstalled() {
        boolean available;
        try {
            available = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            available = false;
        }
        Assumptions.assumeTrue(available, "openssl command not installed");
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "openssl finished");
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
    }

    private void opensslChain() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "root.key");
        openssl("req", "-x509", "-new", "-key", "root.key", "-subj", "/O=Test/CN=Root", "-days", "30",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-out", "root.pem");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "int.key");
        openssl("req", "-new", "-key", "int.key", "-subj", "/O=Test/CN=Intermediate", "-out", "int.csr");
        Files.writeString(dir.resolve("ext.cnf"), "basicConstraints=critical,CA:TRUE,pathlen:0\n"
                + "keyUsage=critical,keyCertSign,cRLSign\nextendedKeyUsage=codeSigning\n"
                + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
        openssl("x509", "-req", "-in", "int.csr", "-CA", "root.pem", "-CAkey", "root.key", "-days", "30",
                "-extfile", "ext.cnf", "-out", "int.pem");
        Files.writeString(dir.resolve("chain.pem"),
                Files.readString(dir.resolve("int.pem")) + Files.readString(dir.resolve("root.pem")));
    }

    private void issuesUnder(Path key) throws Exception {
        CaFiles files = new CaFiles(dir.resolve("chain.pem"), key, "secret".toCharArray());
        try (FileCa ca = FileCa.open(files, PROFILE, Clock.systemUTC(), Optional.empty())) {
            assertEquals(2, ca.trustChain().size());
            ca.issue(
                    new CertificateIdentity(SubjectAltName.email("a@b.c"),
                            Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com")),
                    TestPki.keyPair("P-256").getPublic())
                    .leaf().verify(ca.trustChain().get(0).getPublicKey(), BouncyCastle.PROVIDER);
        }
    }

    @Test
    void loadsAnOpensslPkcs8EncryptedKey() throws Exception {
        opensslChain();
        openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "int.key", "-passout", "pass:secret", "-out",
                "enc.key");
        assertTrue(Files.readString(dir.resolve("enc.key")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        issuesUnder(dir.resolve("enc.key"));
    }

    @Test
    void loadsAnOpensslLegacyEncryptedKey() throws Exception {
        opensslChain();
        openssl("ec", "-in", "int.key", "-aes256", "-passout", "pass:secret", "-out", "legacy.key");
        assertTrue(Files.readString(dir.resolve("legacy.key")).contains("Proc-Type: 4,ENCRYPTED"));
        issuesUnder(dir.resolve("legacy.key"));
    }

    @Test
    void generatedKeysOpenInOpenssl() throws Exception {
        CaFiles files = GeneratedCa.ensure(dir.resolve("ca"), Clock.systemUTC());
        openssl("pkey", "-in", "ca/intermediate-key.pem", "-passin", "file:ca/password", "-noout");
        openssl("pkey", "-in", "ca/root-key.pem", "-passin", "file:ca/password", "-noout");
        try (FileCa ca = FileCa.open(files, PROFILE, Clock.systemUTC(), Optional.empty())) {
            var issued = ca.issue(new CertificateIdentity(SubjectAltName.email("alice@example.com"), Map.of(
                    dev.signet.certificate.SigstoreOid.ISSUER_V1, "https://issuer.example.com",
                    dev.signet.certificate.SigstoreOid.ISSUER_V2, "https://issuer.example.com")),
                    TestPki.keyPair("P-256").getPublic());
            Files.write(dir.resolve("leaf.pem"), TestPki.certificatesPem(List.of(issued.leaf())));
            Files.write(dir.resolve("intermediate.pem"), TestPki.certificatesPem(List.of(issued.chain().get(0))));
            Files.write(dir.resolve("root.pem"), TestPki.certificatesPem(List.of(issued.chain().get(1))));
        }
        // x509_strict adds RFC 5280 profile checks, e.g. an empty subject needs a critical SAN.
        openssl("verify", "-x509_strict", "-CAfile", "root.pem", "-untrusted", "intermediate.pem", "leaf.pem");
    }
}
