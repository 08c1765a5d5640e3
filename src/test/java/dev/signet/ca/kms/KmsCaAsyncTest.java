package dev.signet.ca.kms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.codec.BouncyCastle;
import dev.signet.ca.IssuedCertificate;
import dev.signet.ca.Precertificate;
import dev.signet.ca.TestPki;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.ctlog.DigitallySigned;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kms CA's asynchronous issuance against every backend: while the KMS has not answered, no
 * thread of Signet's waits for it (the caller's thread is free at once, and no thread but the
 * stand-in's own is inside Signet's CA code); the bound on signatures in flight fails fast with
 * CA_BUSY, and the deadline, KMS refusals and bad signatures end the stage with the same errors as
 * the synchronous methods.
 */
class KmsCaAsyncTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The stand-ins' settings allow this many signatures in flight. */
    private static final int BOUND = 16;
    private static final CertificateIdentity IDENTITY =
            new CertificateIdentity(SubjectAltName.email("alice@example.com"),
                    Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com"));

    @TempDir
    Path temp;

    private KmsCa open(FakeKmsServer server, Duration timeout) throws Exception {
        return KmsCa.open(server.settings(server.chainFile(temp), timeout),
                new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(), new SecureRandom()), Clock.systemUTC());
    }

    private static PublicKey clientKey() {
        return TestPki.keyPair("P-256").getPublic();
    }

    private static byte[] sctList() {
        return SignedCertificateTimestamp.listExtensionValue(List.of(new SignedCertificateTimestamp(new byte[32],
                System.currentTimeMillis(), new byte[0],
                DigitallySigned.ecdsaSha256(HexFormat.of().parseHex("3006020101020101")).encoded())));
    }

    /** Calls {@code start} on {@code caller} and returns its stage, which must be handed back at once. */
    private static <T> CompletionStage<T> startOn(ExecutorService caller, Supplier<CompletionStage<T>> start)
            throws Exception {
        return caller.submit(start::get).get(5, TimeUnit.SECONDS);
    }

    /** The threads, other than the stand-in's and this test's, that are inside Signet's CA code now. */
    private static List<String> threadsInsideTheCa() {
        List<String> inside = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread == Thread.currentThread() || thread.getName().startsWith(FakeKmsServer.THREAD_PREFIX)) {
                return;
            }
            if (Arrays.stream(stack).anyMatch(frame -> frame.getClassName().startsWith("dev.signet.ca"))) {
                inside.add(thread.getName() + " at " + Arrays.stream(stack)
                        .filter(frame -> frame.getClassName().startsWith("dev.signet.ca")).findFirst().orElseThrow());
            }
        });
        return inside;
    }

    private static int signetThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !thread.getName().startsWith(FakeKmsServer.THREAD_PREFIX)).count();
    }

    private static SignetException failure(CompletionStage<?> stage) {
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(30, TimeUnit.SECONDS));
        return assertInstanceOf(SignetException.class, failure.getCause());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.signet.ca.kms.KmsCaTest#backends")
    void signaturesInFlightHoldNoThread(String name, KmsCaTest.ServerFactory factory) throws Exception {
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (FakeKmsServer server = factory.start(); KmsCa ca = open(server, TIMEOUT)) {
            ca.issueAsync(IDENTITY, clientKey()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            int threadsBefore = signetThreads();
            server.mode(FakeKmsServer.Mode.HANG);

            List<CompletionStage<IssuedCertificate>> leaves = new ArrayList<>();
            for (int i = 0; i < BOUND / 2; i++) {
                leaves.add(startOn(caller, () -> ca.issueAsync(IDENTITY, clientKey())));
            }
            List<CompletionStage<Precertificate>> precertificates = new ArrayList<>();
            for (int i = 0; i < BOUND / 2; i++) {
                precertificates.add(startOn(caller, () -> ca.precertificateAsync(IDENTITY, clientKey())));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ca.inFlight() == BOUND);
            assertTrue(leaves.stream().noneMatch(stage -> stage.toCompletableFuture().isDone()));
            assertEquals("free", caller.submit(() -> "free").get(5, TimeUnit.SECONDS),
                    "the caller's one thread is free while every signature is in flight");
            assertEquals(List.of(), threadsInsideTheCa(), "no thread waits inside the CA for the KMS");
            int threadsInFlight = signetThreads();
            assertTrue(threadsInFlight - threadsBefore < BOUND / 2, "threads do not grow with the signatures in "
                    + "flight: " + threadsBefore + " before, " + threadsInFlight + " with " + BOUND + " in flight");

            server.release();
            PublicKey caKey = server.publicKey();
            for (CompletionStage<IssuedCertificate> leaf : leaves) {
                leaf.toCompletableFuture().get(30, TimeUnit.SECONDS).leaf().verify(caKey, BouncyCastle.PROVIDER);
            }
            List<CompletableFuture<IssuedCertificate>> finals = new ArrayList<>();
            for (CompletionStage<Precertificate> precertificate : precertificates) {
                Precertificate signed = precertificate.toCompletableFuture().get(30, TimeUnit.SECONDS);
                signed.certificate().verify(caKey, BouncyCastle.PROVIDER);
                finals.add(startOn(caller, () -> ca.finishAsync(signed, sctList())).toCompletableFuture());
            }
            for (CompletableFuture<IssuedCertificate> issued : finals) {
                issued.get(30, TimeUnit.SECONDS).leaf().verify(caKey, BouncyCastle.PROVIDER);
            }
            assertEquals(0, ca.inFlight());
            assertTrue(ca.signingStatus().canSign());
        } finally {
            caller.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.signet.ca.kms.KmsCaTest#backends")
    void aFullBoundFailsFastWithCaBusy(String name, KmsCaTest.ServerFactory factory) throws Exception {
        try (FakeKmsServer server = factory.start(); KmsCa ca = open(server, TIMEOUT)) {
            server.mode(FakeKmsServer.Mode.HANG);
            List<CompletionStage<IssuedCertificate>> holding = new ArrayList<>();
            for (int i = 0; i < BOUND; i++) {
                holding.add(ca.issueAsync(IDENTITY, clientKey()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ca.inFlight() == BOUND);
            CompletionStage<IssuedCertificate> refused = ca.issueAsync(IDENTITY, clientKey());
            assertTrue(refused.toCompletableFuture().isDone(), "refused at once, not queued");
            assertEquals(ErrorKind.CA_BUSY, failure(refused).kind());
            assertTrue(ca.signingStatus().canSign(), "a busy CA is not a failing key");

            server.release();
            for (CompletionStage<IssuedCertificate> stage : holding) {
                stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            ca.issueAsync(IDENTITY, clientKey()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.signet.ca.kms.KmsCaTest#backends")
    void theDeadlineEndsTheStageWithCaBackendAndReadinessRecovers(String name, KmsCaTest.ServerFactory factory)
            throws Exception {
        try (FakeKmsServer server = factory.start(); KmsCa ca = open(server, Duration.ofMillis(500))) {
            server.mode(FakeKmsServer.Mode.HANG);
            SignetException failure = failure(ca.issueAsync(IDENTITY, clientKey()));
            assertEquals(ErrorKind.CA_BACKEND, failure.kind());
            assertEquals("error communicating with CA backend", failure.clientMessage());
            assertFalse(ca.signingStatus().canSign());
            server.release();
            await().atMost(Duration.ofSeconds(30)).until(() -> ca.inFlight() == 0);
            ca.issueAsync(IDENTITY, clientKey()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(ca.signingStatus().canSign(), "the next signature that works turns readiness UP");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.signet.ca.kms.KmsCaTest#backends")
    void refusalsAndBadSignaturesEndTheStageWithCaBackend(String name, KmsCaTest.ServerFactory factory)
            throws Exception {
        try (FakeKmsServer server = factory.start(); KmsCa ca = open(server, TIMEOUT)) {
            for (FakeKmsServer.Mode mode : List.of(FakeKmsServer.Mode.ACCESS_DENIED, FakeKmsServer.Mode.THROTTLED,
                    FakeKmsServer.Mode.BAD_SIGNATURE)) {
                server.mode(mode);
                SignetException failure = failure(ca.issueAsync(IDENTITY, clientKey()));
                assertEquals(ErrorKind.CA_BACKEND, failure.kind(), mode.name());
                if (mode == FakeKmsServer.Mode.BAD_SIGNATURE) {
                    assertTrue(failure.getMessage().contains("does not verify"), failure.getMessage());
                }
                assertFalse(ca.signingStatus().canSign(), mode.name());
                server.mode(FakeKmsServer.Mode.NORMAL);
                ca.issueAsync(IDENTITY, clientKey()).toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertTrue(ca.signingStatus().canSign(), mode.name());
            }
            assertEquals(0, ca.inFlight());
        }
    }
}
