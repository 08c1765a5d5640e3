package dev.signet.ca.kms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.awaitility.Awaitility.await;

/**
 * The kms CA against every backend, each through its real client (AWS SDK v2, the JDK HTTP client
 * for Vault, the Cloud KMS client over gRPC) and a loopback server that speaks the service's wire protocol and signs with a real
 * key: issuance, lint, KMS errors and timeouts, readiness and the startup checks.
 */
class KmsCaTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final CertificateIdentity IDENTITY =
            new CertificateIdentity(SubjectAltName.email("alice@example.com"),
                    Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com"));

    @TempDir
    Path temp;

    interface ServerFactory {
        FakeKmsServer start() throws Exception;
    }

    static Stream<Arguments> backends() {
        return Stream.of(
                Arguments.of("AWS KMS, P-384", (ServerFactory) () -> new AwsKmsJsonServer("P-384")),
                Arguments.of("AWS KMS, RSA-2048", (ServerFactory) () -> new AwsKmsJsonServer("RSA")),
                Arguments.of("Vault Transit, P-256", (ServerFactory) () -> new VaultTransitServer("P-256")),
                Arguments.of("Vault Transit, P-384", (ServerFactory) () -> new VaultTransitServer("P-384")),
                Arguments.of("Google Cloud KMS, P-384", (ServerFactory) () -> new GcpKmsGrpcServer("P-384")),
                Arguments.of("Google Cloud KMS, RSA-2048", (ServerFactory) () -> new GcpKmsGrpcServer("RSA")));
    }

    /** A root in memory and an intermediate for {@code kmsKey}, written as a chain file. */
    private Chain chain(PublicKey kmsKey) throws Exception {
        List<X509Certificate> certificates = FakeKmsServer.chainFor(kmsKey);
        Path file = Files.createTempFile(temp, "chain", ".pem");
        Files.write(file, TestPki.certificatesPem(certificates));
        return new Chain(file, certificates.get(0), certificates.get(1));
    }

    record Chain(Path file, X509Certificate intermediate, X509Certificate root) {
    }

    private static KmsCa open(FakeKmsServer server, Path chain, Duration timeout) {
        return KmsCa.open(server.settings(chain, timeout),
                new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(), new SecureRandom()), Clock.systemUTC());
    }

    private static PublicKey clientKey() {
        return TestPki.keyPair("P-256").getPublic();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void issuesLeafPrecertificateAndFinalCertificateWhoseChainVerifies(String name, ServerFactory factory)
            throws Exception {
        try (FakeKmsServer server = factory.start()) {
            Chain chain = chain(server.publicKey());
            try (KmsCa ca = open(server, chain.file(), TIMEOUT)) {
                assertEquals(List.of(chain.intermediate(), chain.root()), ca.trustChain());
                assertNull(ca.material().signingKey().getEncoded(), "no key material leaves the KMS");
                int before = server.signed.get();

                IssuedCertificate leaf = ca.issue(IDENTITY, clientKey());
                leaf.leaf().verify(chain.intermediate().getPublicKey(), BouncyCastle.PROVIDER);
                chain.intermediate().verify(chain.root().getPublicKey(), BouncyCastle.PROVIDER);
                assertEquals(List.of(chain.intermediate(), chain.root()), leaf.chain());

                Precertificate precertificate = ca.precertificate(IDENTITY, clientKey());
                precertificate.certificate().verify(chain.intermediate().getPublicKey(), BouncyCastle.PROVIDER);
                byte[] sctList = SignedCertificateTimestamp.listExtensionValue(List.of(new SignedCertificateTimestamp(
                        new byte[32], System.currentTimeMillis(), new byte[0],
                        DigitallySigned.ecdsaSha256(HexFormat.of().parseHex("3006020101020101")).encoded())));
                ca.finish(precertificate, sctList).leaf()
                        .verify(chain.intermediate().getPublicKey(), BouncyCastle.PROVIDER);

                ca.testSignature();
                assertTrue(ca.signingStatus().canSign());
                assertEquals(before + 4, server.signed.get(), "each CA signature was made by the KMS");
                assertEquals(0, server.unauthenticated.get(), "every request carried the service's credentials");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void kmsRefusalsFailIssuanceWithCaBackendTurnReadinessDownAndRecover(String name, ServerFactory factory)
            throws Exception {
        try (FakeKmsServer server = factory.start()) {
            Chain chain = chain(server.publicKey());
            try (KmsCa ca = open(server, chain.file(), TIMEOUT)) {
                for (FakeKmsServer.Mode mode : List.of(FakeKmsServer.Mode.THROTTLED, FakeKmsServer.Mode.ACCESS_DENIED,
                        FakeKmsServer.Mode.KEY_DISABLED, FakeKmsServer.Mode.WRONG_KEY_TYPE)) {
                    server.mode(mode);
                    int calls = server.signCalls.get();
                    SignetException failure = assertThrows(SignetException.class,
                            () -> ca.issue(IDENTITY, clientKey()), mode.name());
                    assertEquals(ErrorKind.CA_BACKEND, failure.kind(), mode.name());
                    assertEquals("error communicating with CA backend", failure.clientMessage(), mode.name());
                    assertEquals(SigningStatus.SIGNING_FAILED, ca.signingStatus().reason(), mode.name());
                    assertFalse(ca.signingStatus().canSign(), mode.name());
                    int made = server.signCalls.get() - calls;
                    boolean retryable = mode == FakeKmsServer.Mode.THROTTLED
                            || mode == FakeKmsServer.Mode.KEY_DISABLED && server instanceof VaultTransitServer;
                    assertEquals(retryable ? 3 : 1, made, mode + ": retried only where the service says it is safe");

                    server.mode(FakeKmsServer.Mode.NORMAL);
                    ca.testSignature();
                    assertTrue(ca.signingStatus().canSign(), mode + ": recovers by itself");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aKmsThatDoesNotAnswerCostsTheDeadlineAndNoMore(String name, ServerFactory factory) throws Exception {
        try (FakeKmsServer server = factory.start()) {
            Chain chain = chain(server.publicKey());
            try (KmsCa ca = open(server, chain.file(), Duration.ofMillis(500))) {
                server.mode(FakeKmsServer.Mode.HANG);
                SignetException failure = assertThrows(SignetException.class, () -> ca.issue(IDENTITY, clientKey()));
                assertEquals(ErrorKind.CA_BACKEND, failure.kind());
                assertFalse(ca.signingStatus().canSign());
                server.release();
                await().atMost(Duration.ofSeconds(30)).until(() -> ca.inFlight() == 0);
                ca.testSignature();
                assertTrue(ca.signingStatus().canSign());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aSignatureThatDoesNotVerifyIsCaughtAndNeverServed(String name, ServerFactory factory) throws Exception {
        try (FakeKmsServer server = factory.start()) {
            Chain chain = chain(server.publicKey());
            try (KmsCa ca = open(server, chain.file(), TIMEOUT)) {
                server.mode(FakeKmsServer.Mode.BAD_SIGNATURE);
                SignetException failure = assertThrows(SignetException.class, () -> ca.issue(IDENTITY, clientKey()));
                assertEquals(ErrorKind.CA_BACKEND, failure.kind());
                assertTrue(failure.getMessage().contains("does not verify"), failure.getMessage());
                assertFalse(ca.signingStatus().canSign());
                assertThrows(SignetException.class, ca::testSignature);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aChainForAnotherKeyIsRefusedAtStartNamingBoth(String name, ServerFactory factory) throws Exception {
        try (FakeKmsServer server = factory.start()) {
            Chain other = chain(TestPki.keyPair("P-384").getPublic());
            SignetException failure = assertThrows(SignetException.class, () -> open(server, other.file(), TIMEOUT));
            assertEquals(ErrorKind.CA_BACKEND, failure.kind());
            assertTrue(failure.getMessage().contains(server.reference().replace("awskms:///", ""))
                    && failure.getMessage().contains("is not the public key of certificate CN=KMS Test Intermediate"),
                    failure.getMessage());
            assertEquals(0, server.signed.get(), "nothing was signed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aKeyThatCannotSignIsRefusedAtStart(String name, ServerFactory factory) throws Exception {
        try (FakeKmsServer server = factory.start()) {
            Chain chain = chain(server.publicKey());
            server.notForSigning = true;
            SignetException failure = assertThrows(SignetException.class, () -> open(server, chain.file(), TIMEOUT));
            assertEquals(ErrorKind.CA_BACKEND, failure.kind());
            assertTrue(failure.getMessage().contains(server.reference().replaceAll("^\\w+://+", "")),
                    failure.getMessage());
            assertTrue(
                    failure.getMessage().contains("cannot sign") || failure.getMessage().contains("not a signing key"),
                    failure.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void signaturesRunConcurrentlyUpToTheBound(String name, ServerFactory factory) throws Exception {
        try (FakeKmsServer server = factory.start()) {
            Chain chain = chain(server.publicKey());
            try (KmsCa ca = open(server, chain.file(), TIMEOUT)) {
                server.mode(FakeKmsServer.Mode.HANG);
                List<CompletableFuture<IssuedCertificate>> issuing =
                        Stream.generate(() -> CompletableFuture.supplyAsync(() -> ca.issue(IDENTITY, clientKey())))
                                .limit(4).toList();
                await().atMost(Duration.ofSeconds(30)).until(() -> ca.inFlight() == 4);
                server.release();
                for (CompletableFuture<IssuedCertificate> future : issuing) {
                    future.get(30, TimeUnit.SECONDS).leaf()
                            .verify(chain.intermediate().getPublicKey(), BouncyCastle.PROVIDER);
                }
                assertEquals(0, ca.inFlight());
                assertArrayEquals(server.publicKey().getEncoded(),
                        ca.trustChain().get(0).getPublicKey().getEncoded());
            }
        }
    }
}
