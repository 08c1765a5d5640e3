package dev.signet.ca.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.CaCertificates;
import dev.signet.ca.IssuedCertificate;
import dev.signet.ca.Precertificate;
import dev.signet.ca.SigningStatus;
import dev.signet.ca.TestPki;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.codec.BouncyCastle;
import dev.signet.ctlog.DigitallySigned;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.SoftHsm;
import dev.signet.testing.SoftHsmExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The PKCS#11 CA against a real SoftHSM2 token (its own token for this class). */
@ExtendWith(SoftHsmExtension.class)
class Pkcs11CaTest {

    private static final String ALIAS = "signet-ca";
    private static final Duration RECONNECT = Duration.ofSeconds(5);
    private static final CertificateIdentity IDENTITY =
            new CertificateIdentity(SubjectAltName.email("alice@example.com"),
                    Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com"));

    private static SoftHsm.Token token;
    private static X509Certificate tokenCertificate;

    @TempDir
    Path temp;

    @BeforeAll
    static void createCaKeyInToken(SoftHsm.Token ownToken) throws Exception {
        token = ownToken;
        token.generateCaKey(ALIAS, "secp384r1");
        // Read the token's certificate independently of the code under test.
        Provider provider = Security.getProvider("SunPKCS11").configure(token.providerConfig().toString());
        KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
        keyStore.load(null, SoftHsm.PIN.toCharArray());
        tokenCertificate = (X509Certificate) keyStore.getCertificate(ALIAS);
        assertNotNull(tokenCertificate, "keytool stored a certificate under the alias");
    }

    private static Pkcs11Settings settings(Path config, String alias, String pin, Optional<Path> chain,
            Optional<Path> intermediates) {
        return new Pkcs11Settings(config, alias, Pkcs11Pin.fromEnvironment("SIGNET_TEST_PIN", Map.of("SIGNET_TEST_PIN",
                pin)::get), chain, intermediates, RECONNECT);
    }

    private static Pkcs11Settings settings() {
        return settings(token.providerConfig(), ALIAS, SoftHsm.PIN, Optional.empty(), Optional.empty());
    }

    private static Pkcs11Ca open(Pkcs11Settings settings, Clock clock) {
        return Pkcs11Ca.open(settings, new LeafProfile(Duration.ofMinutes(10), clock, new SecureRandom()), clock);
    }

    private static PublicKey clientKey() {
        return TestPki.keyPair("P-256").getPublic();
    }

    @Test
    void issuesThroughTheTokenUnderTheTokensCertificate() throws Exception {
        try (Pkcs11Ca ca = open(settings(), Clock.systemUTC())) {
            assertEquals(List.of(tokenCertificate), ca.trustChain());
            assertTrue(ca.material().provider().getName().startsWith("SunPKCS11"), ca.material().provider().getName());
            assertTrue(ca.material().signingKey().getClass().getName().contains("P11"),
                    "the key is a handle into the token, not key material");

            IssuedCertificate leaf = ca.issue(IDENTITY, clientKey());
            leaf.leaf().verify(tokenCertificate.getPublicKey(), BouncyCastle.PROVIDER);
            assertEquals("SHA384withECDSA", leaf.leaf().getSigAlgName());

            Precertificate precertificate = ca.precertificate(IDENTITY, clientKey());
            precertificate.certificate().verify(tokenCertificate.getPublicKey(), BouncyCastle.PROVIDER);
            // A well-formed SCT list (the linter refuses an empty one); its signature is not checked here.
            byte[] sctList = SignedCertificateTimestamp.listExtensionValue(List.of(new SignedCertificateTimestamp(
                    new byte[32], System.currentTimeMillis(), new byte[0],
                    DigitallySigned.ecdsaSha256(HexFormat.of().parseHex("3006020101020101")).encoded())));
            IssuedCertificate finished = ca.finish(precertificate, sctList);
            finished.leaf().verify(tokenCertificate.getPublicKey(), BouncyCastle.PROVIDER);

            ca.testSignature();
            assertTrue(ca.signingStatus().canSign());
        }
    }

    @Test
    void chainFileGivesTheFullChainUpToAnOfflineRoot() throws Exception {
        KeyPair rootKeys = CaCertificates.ecKeyPair("secp384r1", TestPki.RANDOM);
        Instant now = Instant.now();
        X509Certificate root = CaCertificates.root(rootKeys, CaCertificates.name("Offline Root", "Test"),
                now.minusSeconds(60), Duration.ofDays(365), 1, TestPki.RANDOM);
        X509Certificate intermediate = CaCertificates.intermediate(tokenCertificate.getPublicKey(),
                CaCertificates.name("HSM Intermediate", "Test"), root, rootKeys.getPrivate(), now.minusSeconds(60),
                Duration.ofDays(30), TestPki.RANDOM);
        Path chainFile = temp.resolve("chain.pem");
        Files.write(chainFile, TestPki.certificatesPem(List.of(intermediate, root)));

        try (Pkcs11Ca ca = open(settings(token.providerConfig(), ALIAS, SoftHsm.PIN, Optional.of(chainFile),
                Optional.empty()), Clock.systemUTC())) {
            assertEquals(List.of(intermediate, root), ca.trustChain());
            IssuedCertificate issued = ca.issue(IDENTITY, clientKey());
            assertEquals(List.of(intermediate, root), issued.chain());
            issued.leaf().verify(intermediate.getPublicKey(), BouncyCastle.PROVIDER);
            assertEquals(intermediate.getSubjectX500Principal(), issued.leaf().getIssuerX500Principal());
            intermediate.verify(root.getPublicKey(), BouncyCastle.PROVIDER);
        }
    }

    @Test
    void intermediatesFileFollowsTheTokensCertificate() throws Exception {
        // The token's certificate is self-signed: an intermediates file after it cannot form a chain.
        KeyPair otherRootKeys = CaCertificates.ecKeyPair("secp256r1", TestPki.RANDOM);
        X509Certificate otherRoot = CaCertificates.root(otherRootKeys, CaCertificates.name("Other Root", "Test"),
                Instant.now().minusSeconds(60), Duration.ofDays(365), 1, TestPki.RANDOM);
        Path intermediates = temp.resolve("intermediates.pem");
        Files.write(intermediates, TestPki.certificatesPem(List.of(otherRoot)));
        SignetException failure = assertThrows(SignetException.class, () -> open(settings(token.providerConfig(),
                ALIAS, SoftHsm.PIN, Optional.empty(), Optional.of(intermediates)), Clock.systemUTC()));
        assertTrue(failure.getMessage().contains("not the next certificate in the chain")
                || failure.getMessage().contains("is not signed by"), failure.getMessage());
    }

    @Test
    void certificateReplyInTheTokenAndAnIntermediatesFile() throws Exception {
        // The operator's flow: key in the token, its certificate from an offline root, reply imported.
        String alias = "issued-ca";
        token.generateCaKey(alias, "secp256r1");
        Provider provider = Security.getProvider("SunPKCS11").configure(token.providerConfig().toString());
        KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
        keyStore.load(null, SoftHsm.PIN.toCharArray());
        PublicKey tokenKey = keyStore.getCertificate(alias).getPublicKey();
        KeyPair rootKeys = CaCertificates.ecKeyPair("secp384r1", TestPki.RANDOM);
        Instant now = Instant.now();
        X509Certificate root = CaCertificates.root(rootKeys, CaCertificates.name("Reply Root", "Test"),
                now.minusSeconds(60), Duration.ofDays(365), 1, TestPki.RANDOM);
        X509Certificate issuing = CaCertificates.intermediate(tokenKey, CaCertificates.name("Reply CA", "Test"), root,
                rootKeys.getPrivate(), now.minusSeconds(60), Duration.ofDays(30), TestPki.RANDOM);
        Path reply = temp.resolve("reply.pem");
        Files.write(reply, TestPki.certificatesPem(List.of(issuing, root)));
        token.importCertificateReply(alias, reply);

        try (Pkcs11Ca ca = open(settings(token.providerConfig(), alias, SoftHsm.PIN, Optional.empty(),
                Optional.empty()), Clock.systemUTC())) {
            assertEquals(List.of(issuing, root), ca.trustChain(), "the chain the token holds");
        }
        Path intermediates = temp.resolve("root.pem");
        Files.write(intermediates, TestPki.certificatesPem(List.of(root)));
        try (Pkcs11Ca ca = open(settings(token.providerConfig(), alias, SoftHsm.PIN, Optional.empty(),
                Optional.of(intermediates)), Clock.systemUTC())) {
            assertEquals(List.of(issuing, root), ca.trustChain());
            IssuedCertificate issued = ca.issue(IDENTITY, clientKey());
            issued.leaf().verify(issuing.getPublicKey(), BouncyCastle.PROVIDER);
            assertEquals("SHA256withECDSA", issued.leaf().getSigAlgName());
        }
    }

    @Test
    void wrongPinStopsStartupWithoutShowingThePin() {
        SignetException failure = assertThrows(SignetException.class, () -> open(settings(token.providerConfig(),
                ALIAS, "987654", Optional.empty(), Optional.empty()), Clock.systemUTC()));
        assertEquals(ErrorKind.CA_BACKEND, failure.kind());
        assertTrue(failure.getMessage().contains("wrong PIN"), failure.getMessage());
        assertTrue(failure.getMessage().contains("environment variable SIGNET_TEST_PIN"), failure.getMessage());
        assertFalse(failure.getMessage().contains("987654"), failure.getMessage());
    }

    @Test
    void missingLibraryStopsStartupNamingIt() {
        Path config = token.providerConfig("/nonexistent/libsignet-missing-pkcs11.so");
        SignetException failure = assertThrows(SignetException.class,
                () -> open(settings(config, ALIAS, SoftHsm.PIN, Optional.empty(), Optional.empty()),
                        Clock.systemUTC()));
        assertTrue(failure.getMessage().contains("cannot be started from " + config), failure.getMessage());
        assertTrue(failure.getMessage().contains("/nonexistent/libsignet-missing-pkcs11.so"), failure.getMessage());
    }

    @Test
    void unknownAliasListsTheAliasesThatExist() {
        SignetException failure = assertThrows(SignetException.class, () -> open(settings(token.providerConfig(),
                "no-such-key", SoftHsm.PIN, Optional.empty(), Optional.empty()), Clock.systemUTC()));
        assertTrue(failure.getMessage().contains("no private key under alias no-such-key"), failure.getMessage());
        assertTrue(failure.getMessage().contains(ALIAS), failure.getMessage());
    }

    @Test
    void certificateOfAnotherKeyIsRefusedByTheTestSignature() throws Exception {
        Path chainFile = temp.resolve("other.pem");
        Files.write(chainFile, TestPki.certificatesPem(List.of(TestPki.twoLevel("P-384").root())));
        SignetException failure = assertThrows(SignetException.class, () -> open(settings(token.providerConfig(),
                ALIAS, SoftHsm.PIN, Optional.of(chainFile), Optional.empty()), Clock.systemUTC()));
        assertTrue(failure.getMessage().contains("does not match the issuing certificate"), failure.getMessage());
    }

    @Test
    void lostTokenFailsWithTheFixedMessageAndRecoversWhenItIsBack() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        try (Pkcs11Ca ca = open(settings(), clock)) {
            ca.issue(IDENTITY, clientKey());
            token.loseObjects();
            try {
                SignetException failure = assertThrows(SignetException.class, () -> ca.issue(IDENTITY, clientKey()));
                assertEquals(ErrorKind.CA_BACKEND, failure.kind());
                assertEquals("error communicating with CA backend", failure.kind().clientMessage());
                assertFalse(ca.signingStatus().canSign());
                assertEquals(SigningStatus.SIGNING_FAILED, ca.signingStatus().reason());

                // The first attempt after the failure reconnects, finds no key, and fails the probe;
                // so does every later one while the key is away (past the provider renewal too).
                for (int attempt = 0; attempt <= Pkcs11Ca.ATTEMPTS_PER_PROVIDER; attempt++) {
                    if (attempt > 0) {
                        now.set(now.get().plus(RECONNECT));
                    }
                    assertThrows(SignetException.class, ca::testSignature);
                    assertEquals(SigningStatus.TEST_SIGNATURE_FAILED, ca.signingStatus().reason());
                }
            } finally {
                token.restoreObjects();
            }
            // Within the reconnect interval nothing reconnects, so the old handle still fails.
            Instant lastAttempt = now.get();
            now.set(lastAttempt.plus(RECONNECT).minusSeconds(1));
            assertFalse(ca.reconnectIfFailing());
            assertThrows(SignetException.class, () -> ca.issue(IDENTITY, clientKey()));

            now.set(lastAttempt.plus(RECONNECT));
            ca.testSignature();
            assertTrue(ca.signingStatus().canSign());
            ca.issue(IDENTITY, clientKey()).leaf().verify(tokenCertificate.getPublicKey(), BouncyCastle.PROVIDER);
        }
    }
}
