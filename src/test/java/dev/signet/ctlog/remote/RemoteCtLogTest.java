package dev.signet.ctlog.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.AddChainResponse;
import dev.signet.ctlog.CtCertificates;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.SctVerifier;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.TestChains;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.ctlog.embedded.EmbeddedLogOptions;
import dev.signet.ctlog.embedded.LogKeys;
import dev.signet.ctlog.embedded.local.LocalLogStorage;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.api.io.TempDir;

/** The remote client against a real embedded log served over loopback HTTP, healthy and hostile. */
class RemoteCtLogTest {
    private static final TestChains CA = new TestChains("Remote Test Root");
    private static final TestChains STRANGER = new TestChains("Unknown Root");
    private static final KeyPair KEY = LogKeys.generate();
    private static final KeyPair OTHER_KEY = LogKeys.generate();
    private static final Duration DEADLINE = Duration.ofMillis(1500);
    private static final Duration ROOMY_DEADLINE = Duration.ofSeconds(20);
    /** Fails a call that should end by its deadline instead of hanging the build; never a measurement. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private static Vertx vertx;

    @TempDir
    Path directory;

    private EmbeddedLog embedded;
    private LoopbackLog server;
    private final List<RemoteCtLog> clients = new ArrayList<>();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void startLog() throws Exception {
        embedded = LocalLogStorage.open(EmbeddedLogOptions.of(directory, "test/log", KEY, List.of(CA.root()))
                .withPeriod(Duration.ofMillis(20)));
        server = new LoopbackLog(vertx, embedded);
    }

    @AfterEach
    void stopLog() throws Exception {
        clients.forEach(RemoteCtLog::close);
        server.close();
        embedded.close();
    }

    private RemoteCtLog client(KeyPair key, Optional<String> origin, Duration deadline) {
        RemoteCtLog client = new RemoteCtLog(vertx, server.url() + "/", key.getPublic(), deadline, origin);
        clients.add(client);
        return client;
    }

    private RemoteCtLog client(KeyPair key, Optional<String> origin) {
        return client(key, origin, ROOMY_DEADLINE);
    }

    /** A client whose deadline no honest answer comes near, however loaded the machine: for tests of what is answered. */
    private RemoteCtLog client() {
        return client(KEY, Optional.empty());
    }

    /** A client with the short {@link #DEADLINE}, for the tests of the deadline itself. */
    private RemoteCtLog deadlineClient() {
        return client(KEY, Optional.empty(), DEADLINE);
    }

    private static byte[] issuerKeyHash() {
        return CtCertificates.issuerKeyHash(Certificate.getInstance(CA.rootDer()));
    }

    private static SignetException failsWithCtLog(Executable call) {
        SignetException failure = assertThrows(SignetException.class, call);
        assertEquals(ErrorKind.CT_LOG, failure.kind(), failure.getMessage());
        return failure;
    }

    /**
     * Runs a call that must end by the client's own deadline; fails instead of hanging the build if it
     * does not. The bound is a guard against a missing deadline, far above any load, not a measurement.
     */
    private static <T> T withinHangGuard(ThrowingSupplier<T> call) {
        return assertTimeoutPreemptively(HANG_GUARD, call);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void addPreChainReturnsTheLogsVerifiedSct() {
        TestChains.Precert precert = CA.precert("pre@example.com");
        SignedCertificateTimestamp sct = client().addPreChain(CA.precertChain(precert));
        assertTrue(SctVerifier.verifyPrecert(sct, issuerKeyHash(), precert.expectedTbs(), KEY.getPublic()));
        assertArrayEquals(LogIdentity.of(KEY.getPublic()).logId(), sct.logId());
        assertEquals(0, sct.leafIndex());
        assertEquals(1, embedded.treeSize());
        assertEquals(1, server.attempts.get());
        assertEquals("application/json", server.lastContentType);
        assertEquals("127.0.0.1:" + server.port(), server.lastHost);
    }

    @Test
    void addChainReturnsTheLogsVerifiedSct() {
        byte[] certificate = CA.certificate("final@example.com");
        SignedCertificateTimestamp sct = client().addChain(List.of(certificate, CA.rootDer()));
        assertTrue(SctVerifier.verifyX509(sct, certificate, KEY.getPublic()));
        assertEquals(1, embedded.treeSize());
    }

    @Test
    void concurrentSubmissionsAllSucceed() throws Exception {
        RemoteCtLog client = client();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<SignedCertificateTimestamp>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                TestChains.Precert precert = CA.precert("many" + i + "@example.com");
                futures.add(pool.submit(() -> client.addPreChain(CA.precertChain(precert))));
            }
            Set<Long> indexes = new HashSet<>();
            for (Future<SignedCertificateTimestamp> future : futures) {
                indexes.add(future.get(30, TimeUnit.SECONDS).leafIndex());
            }
            assertEquals(40, indexes.size());
            assertEquals(40, embedded.treeSize());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChainTheLogRejectsFailsAtOnceWithItsAnswerInTheDetail() {
        TestChains.Precert precert = STRANGER.precert("stranger@example.com");
        SignetException failure = failsWithCtLog(() -> client().addPreChain(STRANGER.precertChain(precert)));
        assertEquals(1, server.attempts.get());
        assertTrue(failure.getMessage().contains("HTTP 400 \"chain rejected??by the log\""), failure.getMessage());
    }

    @Test
    void aServerErrorIsNotRetried() {
        server.behaviour = (attempt, request, body, self) -> request.response().setStatusCode(500).end("boom");
        failsWithCtLog(() -> client().addPreChain(CA.precertChain(CA.precert("e@example.com"))));
        assertEquals(1, server.attempts.get());
    }

    @Test
    void aRedirectIsNotFollowed() {
        server.behaviour = (attempt, request, body, self) -> request.response().setStatusCode(307)
                .putHeader("Location", "http://127.0.0.1:1/ct/v1/add-pre-chain").end();
        SignetException failure =
                failsWithCtLog(() -> client().addPreChain(CA.precertChain(CA.precert("r@example.com"))));
        assertEquals(1, server.attempts.get());
        assertTrue(failure.getMessage().contains("HTTP 307"), failure.getMessage());
    }

    @Test
    void unavailableTwiceThenSuccessReturnsTheSct() {
        server.behaviour = (attempt, request, body, self) -> {
            if (attempt <= 2) {
                request.response().setStatusCode(503).end("busy");
            } else {
                self.answerFromLog(request, body, sct -> sct);
            }
        };
        TestChains.Precert precert = CA.precert("retry@example.com");
        SignedCertificateTimestamp sct = client().addPreChain(CA.precertChain(precert));
        assertTrue(SctVerifier.verifyPrecert(sct, issuerKeyHash(), precert.expectedTbs(), KEY.getPublic()));
        assertEquals(3, server.attempts.get());
    }

    @Test
    void timeoutAndRateLimitStatusesAreRetried() {
        server.behaviour = (attempt, request, body, self) -> {
            if (attempt == 1) {
                request.response().setStatusCode(408).end();
            } else if (attempt == 2) {
                request.response().setStatusCode(429).end();
            } else {
                self.answerFromLog(request, body, sct -> sct);
            }
        };
        client().addPreChain(CA.precertChain(CA.precert("rate@example.com")));
        assertEquals(3, server.attempts.get());
    }

    @Test
    void unavailableForeverFailsWithinTheDeadlineAfterBoundedAttempts() {
        server.behaviour = (attempt, request, body, self) -> request.response().setStatusCode(503).end("busy");
        SignetException failure = withinHangGuard(
                () -> failsWithCtLog(() -> deadlineClient().addPreChain(CA.precertChain(CA.precert("d@example.com")))));
        assertEquals(RetryPolicy.MAX_ATTEMPTS, server.attempts.get());
        assertTrue(failure.getMessage().contains("HTTP 503"), failure.getMessage());
    }

    @Test
    void retryAfterWithinTheDeadlineIsHonoured() {
        server.behaviour = (attempt, request, body, self) -> {
            if (attempt == 1) {
                request.response().setStatusCode(503).putHeader("Retry-After", "1").end();
            } else {
                self.answerFromLog(request, body, sct -> sct);
            }
        };
        long start = System.nanoTime();
        client().addPreChain(CA.precertChain(CA.precert("later@example.com")));
        assertTrue(millisSince(start) >= 1000, "waited " + millisSince(start) + " ms");
        assertEquals(2, server.attempts.get());
    }

    @Test
    void retryAfterBeyondTheDeadlineFailsAtOnce() {
        server.behaviour = (attempt, request, body, self) -> request.response().setStatusCode(503)
                .putHeader("Retry-After", "30").end();
        // "At once" shows in the count and the message: one attempt, and no wait for the 30 s asked.
        SignetException failure = withinHangGuard(
                () -> failsWithCtLog(() -> deadlineClient().addPreChain(CA.precertChain(CA.precert("x@example.com")))));
        assertEquals(1, server.attempts.get());
        assertTrue(failure.getMessage().contains("beyond the deadline"), failure.getMessage());
    }

    @Test
    void aLogThatNeverAnswersIsCutAtTheDeadline() {
        server.behaviour = (attempt, request, body, self) -> {
        };
        long start = System.nanoTime();
        withinHangGuard(
                () -> failsWithCtLog(
                        () -> deadlineClient().addPreChain(CA.precertChain(CA.precert("silent@example.com")))));
        long elapsed = millisSince(start);
        // A lower bound only (load can only add to it): the deadline, not an early failure, ended the call.
        assertTrue(elapsed >= DEADLINE.toMillis() - 50, "took " + elapsed + " ms");
        assertTrue(server.attempts.get() >= 2 && server.attempts.get() <= RetryPolicy.MAX_ATTEMPTS,
                "attempts " + server.attempts.get());
    }

    @Test
    void aDribbledBodyIsCutAtTheDeadline() {
        server.behaviour = (attempt, request, body, self) -> self.dribble(request, 50);
        long start = System.nanoTime();
        withinHangGuard(
                () -> failsWithCtLog(
                        () -> deadlineClient().addPreChain(CA.precertChain(CA.precert("slow@example.com")))));
        long elapsed = millisSince(start);
        assertTrue(elapsed >= DEADLINE.toMillis() - 50, "took " + elapsed + " ms");
        assertTrue(server.attempts.get() <= RetryPolicy.MAX_ATTEMPTS);
    }

    @Test
    void anOversizedBodyFailsWithoutRetry() {
        server.behaviour = (attempt, request, body, self) -> request.response().setStatusCode(200)
                .end("x".repeat(AddChainResponse.MAX_BYTES + 1));
        SignetException failure =
                failsWithCtLog(() -> client().addPreChain(CA.precertChain(CA.precert("big@example.com"))));
        assertEquals(1, server.attempts.get());
        assertTrue(failure.getMessage().contains("bytes"), failure.getMessage());
    }

    @Test
    void anOversizedChunkedBodyFailsWithoutRetry() {
        server.behaviour = (attempt, request, body, self) -> {
            request.response().setStatusCode(200).setChunked(true);
            for (int i = 0; i < 20; i++) {
                request.response().write("y".repeat(8192));
            }
            request.response().end();
        };
        failsWithCtLog(() -> client().addPreChain(CA.precertChain(CA.precert("chunks@example.com"))));
        assertEquals(1, server.attempts.get());
    }

    @Test
    void aMalformedAnswerFails() {
        server.behaviour = (attempt, request, body, self) -> request.response().setStatusCode(200)
                .end("{\"sct_version\":1,\"id\":\"\",\"timestamp\":0,\"extensions\":\"\",\"signature\":\"\"}");
        failsWithCtLog(() -> client().addPreChain(CA.precertChain(CA.precert("bad@example.com"))));
        assertEquals(1, server.attempts.get());
    }

    @Test
    void anSctSignedByAnotherKeyFails() {
        // The log signs with KEY but claims OTHER_KEY's log ID, which the client is configured with.
        byte[] claimedId = LogIdentity.of(OTHER_KEY.getPublic()).logId();
        server.behaviour = (attempt, request, body, self) -> self.answerFromLog(request, body,
                sct -> new SignedCertificateTimestamp(claimedId, sct.timestamp(), sct.extensions(), sct.signature()));
        SignetException failure = failsWithCtLog(
                () -> client(OTHER_KEY, Optional.empty()).addPreChain(CA.precertChain(CA.precert("k@example.com"))));
        assertTrue(failure.getMessage().contains("does not verify"), failure.getMessage());
    }

    @Test
    void anSctOverOtherDataFails() {
        server.behaviour = (attempt, request, body, self) -> self.answerFromLog(request, body,
                sct -> new SignedCertificateTimestamp(sct.logId(), sct.timestamp() + 1, sct.extensions(),
                        sct.signature()));
        failsWithCtLog(() -> client().addPreChain(CA.precertChain(CA.precert("t@example.com"))));
        byte[] certificate = CA.certificate("t2@example.com");
        failsWithCtLog(() -> client().addChain(List.of(certificate, CA.rootDer())));
    }

    @Test
    void anSctWithAnotherLogIdFails() {
        server.behaviour = (attempt, request, body, self) -> self.answerFromLog(request, body,
                sct -> new SignedCertificateTimestamp(new byte[32], sct.timestamp(), sct.extensions(),
                        sct.signature()));
        SignetException failure =
                failsWithCtLog(() -> client().addPreChain(CA.precertChain(CA.precert("id@example.com"))));
        assertTrue(failure.getMessage().contains("log ID"), failure.getMessage());
    }

    @Test
    void anSctTimestampOutsideTheSubmissionWindowFails() throws Exception {
        // Correctly signed by the configured key, but stamped an hour away from now.
        for (Duration offset : List.of(Duration.ofHours(1), Duration.ofHours(-1))) {
            Path elsewhere = Files.createTempDirectory(directory, "skewed");
            Clock skewed = Clock.offset(Clock.systemUTC(), offset);
            try (EmbeddedLog log =
                    LocalLogStorage.open(EmbeddedLogOptions.of(elsewhere, "test/log", KEY, List.of(CA.root()))
                            .withPeriod(Duration.ofMillis(20)).withClock(skewed));
                    LoopbackLog skewedServer = new LoopbackLog(vertx, log)) {
                RemoteCtLog client =
                        new RemoteCtLog(vertx, skewedServer.url(), KEY.getPublic(), DEADLINE, Optional.empty());
                clients.add(client);
                SignetException failure = failsWithCtLog(
                        () -> client.addPreChain(CA.precertChain(CA.precert("skew@example.com"))));
                assertTrue(failure.getMessage().contains("timestamp"), failure.getMessage());
                byte[] certificate = CA.certificate("skew2@example.com");
                failsWithCtLog(() -> client.addChain(List.of(certificate, CA.rootDer())));
            }
        }
    }

    @Test
    void anSctFromAnotherLogFails() {
        // A correct SCT, but from a log whose key is not the configured one.
        failsWithCtLog(
                () -> client(OTHER_KEY, Optional.empty()).addPreChain(CA.precertChain(CA.precert("o@example.com"))));
    }

    @Test
    void theOriginIsSentAsTheHostHeader() {
        client(KEY, Optional.of("ct.example.com")).addPreChain(CA.precertChain(CA.precert("host@example.com")));
        assertEquals("ct.example.com", server.lastHost);
    }

    @Test
    void aRefusedConnectionIsRetriedThenFails() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RemoteCtLog client = new RemoteCtLog(vertx, "http://127.0.0.1:" + closedPort, KEY.getPublic(), DEADLINE,
                Optional.empty());
        clients.add(client);
        long start = System.nanoTime();
        SignetException failure = withinHangGuard(
                () -> failsWithCtLog(() -> client.addPreChain(CA.precertChain(CA.precert("no@example.com")))));
        assertTrue(failure.getMessage().contains(RetryPolicy.MAX_ATTEMPTS + " attempt(s)"), failure.getMessage());
        // Two backoffs of at least 50 and 100 ms separate the three attempts (a lower bound: load only adds).
        assertTrue(millisSince(start) >= 150, "took " + millisSince(start) + " ms");
    }

    @Test
    void aSubmissionFromAnEventLoopDoesNotBlockIt() throws Exception {
        RemoteCtLog client = client();
        List<byte[]> chain = CA.precertChain(CA.precert("loop@example.com"));
        CompletableFuture<CompletionStage<SignedCertificateTimestamp>> submitted = new CompletableFuture<>();
        CompletableFuture<Boolean> doneOnReturn = new CompletableFuture<>();
        vertx.runOnContext(ignored -> {
            CompletionStage<SignedCertificateTimestamp> stage = client.submitPreChain(chain);
            doneOnReturn.complete(stage.toCompletableFuture().isDone());
            submitted.complete(stage);
        });
        // The answer needs the event loop the call came from, so it cannot have been awaited there.
        assertFalse(doneOnReturn.get(10, TimeUnit.SECONDS));
        assertEquals(0,
                submitted.get(10, TimeUnit.SECONDS).toCompletableFuture().get(10, TimeUnit.SECONDS).leafIndex());
        assertEquals(1, server.attempts.get());
    }

    @Test
    void aCallFromAWorkerContextDoesNotDeadlock() throws Exception {
        RemoteCtLog client = client();
        List<byte[]> chain = CA.precertChain(CA.precert("worker@example.com"));
        CompletableFuture<SignedCertificateTimestamp> sct = new CompletableFuture<>();
        // A worker verticle's context runs one task at a time: the client must not queue its callbacks there.
        vertx.deployVerticle(new AbstractVerticle() {
            @Override
            public void start() {
                try {
                    sct.complete(client.addPreChain(chain));
                } catch (RuntimeException e) {
                    sct.completeExceptionally(e);
                }
            }
        }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
        assertEquals(0, sct.get(10, TimeUnit.SECONDS).leafIndex());
        assertEquals(1, server.attempts.get());
    }

    @Test
    void badChainsAreRefusedBeforeSending() {
        RemoteCtLog client = client();
        failsWithCtLog(() -> client.addPreChain(List.of(CA.precert("one@example.com").der())));
        failsWithCtLog(() -> client.addPreChain(List.of(new byte[] {1, 2, 3}, CA.rootDer())));
        failsWithCtLog(() -> client.addChain(List.of()));
        assertEquals(0, server.attempts.get());
        assertFalse(embedded.treeSize() > 0);
    }
}
