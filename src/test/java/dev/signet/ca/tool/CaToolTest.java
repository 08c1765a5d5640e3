package dev.signet.ca.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.file.CaFiles;
import dev.signet.ca.file.EncryptedKeyFiles;
import dev.signet.ca.file.FileCa;
import dev.signet.ca.file.PemCaReader;
import dev.signet.ca.file.PemCaWriter;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.codec.BouncyCastle;
import dev.signet.error.SignetException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signet ca create} and {@code signet ca intermediate} with encrypted PEM files, checked at the DER level. */
class CaToolTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return run(Clock.fixed(NOW, ZoneOffset.UTC), args);
    }

    private int run(Clock clock, String... args) {
        CaTool tool = new CaTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("CA_PASSWORD", PASSWORD,
                        "ROOT_PASSWORD", "another root password", "SHORT", "short"),
                clock);
        int code = tool.run(List.of(args));
        assertFalse(output().contains(PASSWORD), "a password was printed");
        return code;
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private List<X509Certificate> chain(Path directory) throws Exception {
        return PemCaReader.parseChain(Files.readAllBytes(directory.resolve("chain.pem")), directory);
    }

    private static PrivateKey key(Path file, String password) throws Exception {
        return PemCaReader.parseKey(Files.readAllBytes(file), file, password.toCharArray());
    }

    @Test
    void createWritesARootAndIntermediateInFulciosProfile() throws Exception {
        Path ca = dir.resolve("ca");
        assertEquals(0, run("create", "--out", ca.toString(), "--password-env", "CA_PASSWORD",
                "--organization", "Example", "--root-cn", "Example Root", "--intermediate-cn", "Example Issuing"),
                output());
        List<X509Certificate> chain = chain(ca);
        assertEquals(2, chain.size());
        X509Certificate intermediate = chain.get(0);
        X509Certificate root = chain.get(1);
        X509CertificateHolder rootDer = new X509CertificateHolder(root.getEncoded());
        X509CertificateHolder intermediateDer = new X509CertificateHolder(intermediate.getEncoded());

        // Root: CN+O, self-signed, CA pathlen 1 critical, KU certSign+crlSign critical, SKI, no EKU.
        assertEquals("Example Root", rdn(rootDer.getSubject(), BCStyle.CN));
        assertEquals("Example", rdn(rootDer.getSubject(), BCStyle.O));
        assertEquals(rootDer.getSubject(), rootDer.getIssuer());
        root.verify(root.getPublicKey(), BouncyCastle.PROVIDER);
        Extension rootBc = rootDer.getExtension(Extension.basicConstraints);
        assertTrue(rootBc.isCritical());
        assertTrue(BasicConstraints.getInstance(rootBc.getParsedValue()).isCA());
        assertEquals(1, BasicConstraints.getInstance(rootBc.getParsedValue()).getPathLenConstraint().intValue());
        assertKeyUsageIsCertAndCrlSign(rootDer);
        assertNull(rootDer.getExtension(Extension.extendedKeyUsage));
        byte[] rootSki = SubjectKeyIdentifier.getInstance(
                rootDer.getExtension(Extension.subjectKeyIdentifier).getParsedValue()).getKeyIdentifier();
        assertEquals(20, rootSki.length);
        assertEquals(Duration.ofDays(3650),
                Duration.between(root.getNotBefore().toInstant(), root.getNotAfter().toInstant()));
        assertEquals(NOW, root.getNotBefore().toInstant());
        // 20 random octets, top bit cleared: positive and rarely shorter than 19 octets.
        assertTrue(root.getSerialNumber().signum() == 1 && root.getSerialNumber().bitLength() <= 159
                && root.getSerialNumber().bitLength() > 120);

        // Intermediate: issued by the root, CA pathlen 0, KU certSign+crlSign, EKU codeSigning, SKI, AKI = root SKI.
        assertEquals("Example Issuing", rdn(intermediateDer.getSubject(), BCStyle.CN));
        assertEquals(rootDer.getSubject(), intermediateDer.getIssuer());
        intermediate.verify(root.getPublicKey(), BouncyCastle.PROVIDER);
        Extension bc = intermediateDer.getExtension(Extension.basicConstraints);
        assertTrue(bc.isCritical());
        assertTrue(BasicConstraints.getInstance(bc.getParsedValue()).isCA());
        assertEquals(0, BasicConstraints.getInstance(bc.getParsedValue()).getPathLenConstraint().intValue());
        assertKeyUsageIsCertAndCrlSign(intermediateDer);
        ExtendedKeyUsage eku = ExtendedKeyUsage.getInstance(
                intermediateDer.getExtension(Extension.extendedKeyUsage).getParsedValue());
        assertArrayEquals(new KeyPurposeId[] {KeyPurposeId.id_kp_codeSigning}, eku.getUsages());
        assertTrue(intermediateDer.getExtension(Extension.subjectKeyIdentifier) != null);
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(
                intermediateDer.getExtension(Extension.authorityKeyIdentifier).getParsedValue());
        assertArrayEquals(rootSki, aki.getKeyIdentifier());
        assertEquals(Duration.ofDays(1825),
                Duration.between(intermediate.getNotBefore().toInstant(), intermediate.getNotAfter().toInstant()));

        // P-384 keys, encrypted with the password, each matching its certificate.
        assertEquals(384, ((ECPublicKey) root.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals(384, ((ECPublicKey) intermediate.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertTrue(Files.readString(ca.resolve("intermediate-key.pem"))
                .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assertSignsFor(key(ca.resolve("intermediate-key.pem"), PASSWORD), intermediate, "SHA384withECDSA");
        assertSignsFor(key(ca.resolve("root-key.pem"), PASSWORD), root, "SHA384withECDSA");
        // An operator's password may be guessable: the keys get the full PBKDF2 cost.
        for (String file : List.of("intermediate-key.pem", "root-key.pem")) {
            assertEquals(PemCaWriter.CHOSEN_PASSWORD_ITERATIONS, EncryptedKeyFiles.pbkdf2Iterations(ca.resolve(file)),
                    file);
        }
        SignetException wrong = assertThrows(SignetException.class,
                () -> key(ca.resolve("root-key.pem"), "not the password"));
        assertTrue(wrong.getMessage().contains("cannot be decrypted"));

        for (String file : List.of("chain.pem", "intermediate-key.pem", "root-key.pem")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve(file))),
                    file);
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ca)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("signet.ca.file.cert"), output());
    }

    @Test
    void theFilesAreAFileCaThatIssuesLeavesChainingToTheRoot() throws Exception {
        Path ca = dir.resolve("ca");
        assertEquals(0, run(Clock.systemUTC(), "create", "--out", ca.toString(), "--password-env", "CA_PASSWORD",
                "--key-type", "p256"), output());
        CaFiles files =
                new CaFiles(ca.resolve("chain.pem"), ca.resolve("intermediate-key.pem"), PASSWORD.toCharArray());
        try (FileCa fileCa = FileCa.open(files, new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(),
                new java.security.SecureRandom()), Clock.systemUTC(), Optional.empty())) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            var issued = fileCa.issue(new CertificateIdentity(SubjectAltName.email("a@example.com"),
                    Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com")),
                    generator.generateKeyPair().getPublic());
            List<X509Certificate> chain = chain(ca);
            assertEquals(chain, issued.chain());
            issued.leaf().verify(chain.get(0).getPublicKey(), BouncyCastle.PROVIDER);
            assertEquals(256,
                    ((ECPublicKey) chain.get(0).getPublicKey()).getParams().getCurve().getField().getFieldSize());
        }
    }

    @Test
    void rsa4096KeysSignWithSha256WithRsa() throws Exception {
        Path ca = dir.resolve("ca");
        assertEquals(0, run("create", "--out", ca.toString(), "--password-env", "CA_PASSWORD", "--key-type", "rsa4096",
                "--root-validity", "87600h", "--intermediate-validity", "P365D"), output());
        List<X509Certificate> chain = chain(ca);
        assertEquals(4096, ((RSAPublicKey) chain.get(1).getPublicKey()).getModulus().bitLength());
        assertEquals(4096, ((RSAPublicKey) chain.get(0).getPublicKey()).getModulus().bitLength());
        assertEquals("SHA256WITHRSA", chain.get(0).getSigAlgName().toUpperCase());
        assertEquals(Duration.ofDays(365), Duration.between(chain.get(0).getNotBefore().toInstant(),
                chain.get(0).getNotAfter().toInstant()));
        assertSignsFor(key(ca.resolve("intermediate-key.pem"), PASSWORD), chain.get(0), "SHA256withRSA");
    }

    @Test
    void passwordFromAFileIsItsFirstLine() throws Exception {
        Path passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, "from a file, with spaces\n");
        Path ca = dir.resolve("ca");
        assertEquals(0, run("create", "--out", ca.toString(), "--password-file", passwordFile.toString()), output());
        assertSignsFor(key(ca.resolve("intermediate-key.pem"), "from a file, with spaces"), chain(ca).get(0),
                "SHA384withECDSA");
    }

    @Test
    void intermediateMakesTheNextIssuingCaUnderTheSameRoot() throws Exception {
        Path ca = dir.resolve("ca");
        assertEquals(0, run("create", "--out", ca.toString(), "--password-env", "CA_PASSWORD"), output());
        Path next = dir.resolve("next");
        Clock later = Clock.fixed(NOW.plus(Duration.ofDays(30)), ZoneOffset.UTC);
        assertEquals(0, run(later, "intermediate", "--root-cert", ca.resolve("chain.pem").toString(),
                "--root-key", ca.resolve("root-key.pem").toString(), "--root-password-env", "CA_PASSWORD",
                "--out", next.toString(), "--password-env", "ROOT_PASSWORD", "--intermediate-cn",
                "Signet Issuing 2026-04",
                "--intermediate-validity", "365d"), output());
        List<X509Certificate> old = chain(ca);
        List<X509Certificate> rotated = chain(next);
        assertEquals(old.get(1), rotated.get(1), "same root");
        assertNotEquals(old.get(0).getPublicKey(), rotated.get(0).getPublicKey(), "a new key");
        rotated.get(0).verify(old.get(1).getPublicKey(), BouncyCastle.PROVIDER);
        assertEquals(NOW.plus(Duration.ofDays(30)), rotated.get(0).getNotBefore().toInstant());
        assertEquals(0, rotated.get(0).getBasicConstraints());
        assertEquals(List.of("1.3.6.1.5.5.7.3.3"), rotated.get(0).getExtendedKeyUsage());
        assertTrue(rotated.get(0).getSubjectX500Principal().getName().contains("Signet Issuing 2026-04"));
        assertSignsFor(key(next.resolve("intermediate-key.pem"), "another root password"), rotated.get(0),
                "SHA384withECDSA");
        assertFalse(Files.exists(next.resolve("root-key.pem")), "the root key is not copied");
    }

    @Test
    void intermediateRefusesAWrongRootPasswordAndAnIntermediateOutlivingTheRoot() throws Exception {
        Path ca = dir.resolve("ca");
        assertEquals(0, run("create", "--out", ca.toString(), "--password-env", "CA_PASSWORD",
                "--root-validity", "400d", "--intermediate-validity", "100d"), output());
        assertEquals(1, run("intermediate", "--root-cert", ca.resolve("chain.pem").toString(),
                "--root-key", ca.resolve("root-key.pem").toString(), "--root-password-env", "ROOT_PASSWORD",
                "--out", dir.resolve("next").toString(), "--password-env", "CA_PASSWORD"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot be decrypted"), output());
        assertEquals(1, run("intermediate", "--root-cert", ca.resolve("chain.pem").toString(),
                "--root-key", ca.resolve("root-key.pem").toString(),
                "--out", dir.resolve("next").toString(), "--password-env", "CA_PASSWORD"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("outlive the root"), output());
        assertFalse(Files.exists(dir.resolve("next").resolve("chain.pem")));
    }

    @Test
    void intermediateRefusesAKeyThatIsNotTheRoots() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        assertEquals(0, run("create", "--out", first.toString(), "--password-env", "CA_PASSWORD"), output());
        assertEquals(0, run("create", "--out", second.toString(), "--password-env", "CA_PASSWORD"), output());
        assertEquals(1, run("intermediate", "--root-cert", first.resolve("chain.pem").toString(),
                "--root-key", second.resolve("root-key.pem").toString(),
                "--out", dir.resolve("next").toString(), "--password-env", "CA_PASSWORD"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("does not match"), output());
    }

    @Test
    void neverOverwritesExistingMaterial() throws Exception {
        Path ca = dir.resolve("ca");
        assertEquals(0, run("create", "--out", ca.toString(), "--password-env", "CA_PASSWORD"), output());
        byte[] before = Files.readAllBytes(ca.resolve("intermediate-key.pem"));
        assertEquals(1, run("create", "--out", ca.toString(), "--password-env", "CA_PASSWORD"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("refusing to overwrite"), output());
        assertArrayEquals(before, Files.readAllBytes(ca.resolve("intermediate-key.pem")));
    }

    @Test
    void usageErrorsExitWithTwoAndDoNothing() {
        assertEquals(2, run("create", "--out", dir.resolve("a").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("exactly one of --password-file and --password-env"));
        assertEquals(2, run("create", "--out", dir.resolve("b").toString(), "--password-env", "CA_PASSWORD",
                "--password-file", "x"));
        assertEquals(2, run("create", "--out", dir.resolve("c").toString(), "--password", PASSWORD));
        assertEquals(2, run("create", "--out", dir.resolve("d").toString(), "--password-env", "CA_PASSWORD",
                "--key-type", "dsa"));
        assertEquals(2, run("create", "--out", dir.resolve("e").toString(), "--password-env", "CA_PASSWORD",
                "--root-validity", "10d", "--intermediate-validity", "20d"));
        assertEquals(2, run("create", "--out", dir.resolve("f").toString(), "--password-env", "CA_PASSWORD",
                "--key-alias", "a"));
        assertEquals(2, run("create", PASSWORD));
        assertEquals(2, run("rotate"));
        assertEquals(2, run());
        assertEquals(1, run("create", "--out", dir.resolve("g").toString(), "--password-env", "SHORT"));
        assertEquals(1, run("create", "--out", dir.resolve("h").toString(), "--password-env", "UNSET"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("UNSET"));
        for (String name : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
            assertFalse(Files.exists(dir.resolve(name)), name);
        }
    }

    @Test
    void helpDescribesEveryOption() {
        assertEquals(0, run("create", "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : List.of("--out", "--password-file", "--password-env", "--pkcs11-config", "--pin-env",
                "--key-alias", "--root-alias", "--key-type", "--root-validity", "--intermediate-validity")) {
            assertTrue(help.contains(option), option);
        }
        out.reset();
        assertEquals(0, run("intermediate", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--root-key"));
        out.reset();
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Exit codes"));
    }

    @Test
    void everyCommandHasHelpOnStandardOutput() {
        for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("help"), List.of("create", "--help"),
                List.of("create", "-h"), List.of("intermediate", "--help"), List.of("help", "intermediate"))) {
            out.reset();
            err.reset();
            assertEquals(0, run(args.toArray(new String[0])), args + ": " + output());
            String help = out.toString(StandardCharsets.UTF_8);
            assertTrue(help.startsWith("Usage: signet ca") || help.contains("\nUsage: signet ca"), args + ": " + help);
            assertTrue(help.contains("--help"), args + ": " + help);
            assertEquals("", err.toString(StandardCharsets.UTF_8), args.toString());
        }
        out.reset();
        assertEquals(0, run("intermediate", "--help"));
        String intermediate = out.toString(StandardCharsets.UTF_8);
        for (String option : List.of("--root-cert", "--root-key", "--root-password-env", "--kms-key", "--root-kms-key",
                "--key-alias", "--intermediate-validity")) {
            assertTrue(intermediate.contains(option), option);
        }
        assertFalse(intermediate.contains("--root-validity"), "create's option only");
    }

    @Test
    void usageErrorsSayWhatAndWhereTheHelpIs() {
        assertEquals(2, run("create", "--out", dir.resolve("a").toString(), "--out", dir.resolve("b").toString(),
                "--password-env", "CA_PASSWORD"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'--out' (DIR) should be specified only once"),
                output());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Run 'signet ca create --help' for usage."), output());
        err.reset();
        assertEquals(2, run("intermediate", "--root-validity", "10d"));
        assertTrue(
                err.toString(StandardCharsets.UTF_8)
                        .startsWith("signet ca intermediate: unknown option --root-validity"),
                output());
        err.reset();
        assertEquals(2, run("create", "--password=" + PASSWORD));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --password\n"), output());
        err.reset();
        assertEquals(2, run("create", "--out"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--out"), output());
        err.reset();
        assertEquals(2, run("rotate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("signet ca: unknown command 'rotate'"), output());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Run 'signet ca --help' for usage."), output());
        err.reset();
        assertEquals(2, run("create", "--out", dir.resolve("c").toString(), "@" + PASSWORD));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unexpected argument 4 (options start with --)"),
                output());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    private static void assertKeyUsageIsCertAndCrlSign(X509CertificateHolder certificate) {
        Extension extension = certificate.getExtension(Extension.keyUsage);
        assertTrue(extension.isCritical());
        KeyUsage usage = KeyUsage.getInstance(extension.getParsedValue());
        assertTrue(usage.hasUsages(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        assertEquals(new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign), usage);
    }

    private static void assertSignsFor(PrivateKey key, X509Certificate certificate, String algorithm) throws Exception {
        byte[] message = "check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
        signer.initSign(key);
        signer.update(message);
        Signature verifier = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(message);
        assertTrue(verifier.verify(signer.sign()));
    }

    private static String rdn(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        return IETFUtils.valueToString(name.getRDNs(type)[0].getFirst().getValue());
    }
}
