package dev.signet.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.TestChains;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.ctlog.embedded.EmbeddedLogOptions;
import dev.signet.ctlog.embedded.FaultyStorage;
import dev.signet.ctlog.embedded.LogKeys;
import dev.signet.ctlog.embedded.Storage;
import dev.signet.ctlog.embedded.local.FileStorage;
import dev.signet.ctlog.embedded.local.LocalLogStorage;
import dev.signet.ctlog.remote.LogTlsTrust;
import dev.signet.error.SignetException;
import dev.signet.testing.PrivateCaTls;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's readiness: a stopped sequencer or an unwritable directory, and the cached remote probe. */
class LogReadinessCheckTest {
    private static final TestChains CA = new TestChains("Readiness Root");

    @TempDir
    Path directory;

    private final Vertx vertx = Vertx.vertx();
    private long now = 5_000_000_000L;

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private EmbeddedLogOptions options(Storage storage) {
        return options(directory, storage);
    }

    private static EmbeddedLogOptions options(Path directory, Storage storage) {
        return EmbeddedLogOptions.of(directory, "signet.test/ready", LogKeys.generate(), List.of(CA.root()))
                .withPeriod(Duration.ofMillis(20)).withStorage(storage);
    }

    @Test
    void theEmbeddedLogIsDownOnceItsSequencerStops() {
        FaultyStorage storage = new FaultyStorage(new FileStorage(directory));
        try (EmbeddedLog log = LocalLogStorage.open(options(storage))) {
            assertEquals(HealthCheckResponse.Status.UP, LogReadinessCheck.embedded(log).getStatus());
            storage.arm(FaultyStorage.Fault.DISK_FULL, "");
            assertThrows(SignetException.class, () -> log.addPreChain(CA.precertChain(CA.precert("x@example.com"))));
            HealthCheckResponse response = LogReadinessCheck.embedded(log);
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertTrue(response.getData().orElseThrow().get("error").toString().contains("sequencer has stopped"));
        }
    }

    @Test
    void theEmbeddedLogIsDownWhenItsDirectoryIsNotWritable() throws IOException {
        Path logDirectory = directory.resolve("ctlog");
        try (EmbeddedLog log = LocalLogStorage.open(options(logDirectory, new FileStorage(logDirectory)))) {
            assertEquals(HealthCheckResponse.Status.UP, LogReadinessCheck.embedded(log).getStatus());
            // A volume that went away (the tests may run as root, for whom permission bits do not count).
            Path moved = directory.resolve("moved");
            java.nio.file.Files.move(logDirectory, moved);
            try {
                HealthCheckResponse response = LogReadinessCheck.embedded(log);
                assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
                assertTrue(response.getData().orElseThrow().get("error").toString().contains("not writable"));
            } finally {
                java.nio.file.Files.move(moved, logDirectory);
            }
            assertEquals(HealthCheckResponse.Status.UP, LogReadinessCheck.embedded(log).getStatus());
        }
    }

    @Test
    void theEmbeddedLogIsDownOnceClosed() {
        EmbeddedLog log = LocalLogStorage.open(options(new FileStorage(directory)));
        log.close();
        assertEquals(HealthCheckResponse.Status.DOWN, LogReadinessCheck.embedded(log).getStatus());
    }

    @Test
    void aRemoteLogIsProbedAtMostOncePerIntervalAndItsAnswerCached() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            hits.incrementAndGet();
            assertEquals("/log/ct/v1/get-roots", request.path());
            request.response().setStatusCode(status.get()).end("{\"certificates\":[]}");
        });
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        try (RemoteLogProbe probe = probe("http://127.0.0.1:" + port + "/log/")) {
            assertEquals(HealthCheckResponse.Status.DOWN, LogReadinessCheck.remote(probe).getStatus(),
                    "before any answer");
            await(() -> probe.last() != null);
            assertEquals(HealthCheckResponse.Status.UP, LogReadinessCheck.remote(probe).getStatus());
            for (int i = 0; i < 20; i++) {
                LogReadinessCheck.remote(probe);
            }
            // No wait for a probe that should not happen: whether to probe is decided within the call,
            // and the next probe, once the clock moves on, is the second request the log ever sees.
            assertEquals(1, hits.get(), "readiness calls within the interval reuse the last probe");

            status.set(503);
            now += Duration.ofSeconds(11).toNanos();
            LogReadinessCheck.remote(probe);
            await(() -> !probe.last().reachable());
            assertEquals(2, hits.get(), "one probe per interval: the calls within the first started none");
            HealthCheckResponse response = LogReadinessCheck.remote(probe);
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertEquals("get-roots answered 503", response.getData().orElseThrow().get("error"));
        } finally {
            server.close();
        }
    }

    @Test
    void anUnreachableRemoteLogIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (RemoteLogProbe probe = probe("http://127.0.0.1:" + closedPort)) {
            probe.refreshIfStale();
            await(() -> probe.last() != null);
            HealthCheckResponse response = LogReadinessCheck.remote(probe);
            assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
            assertTrue(response.getData().orElseThrow().get("error").toString().startsWith("unreachable"));
        }
    }

    @Test
    void aSilentRemoteLogIsDownAfterTheDeadline() throws Exception {
        // Accepts connections and never answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                RemoteLogProbe probe = new RemoteLogProbe(vertx, "http://127.0.0.1:" + silent.getLocalPort(),
                        Optional.empty(), LogTlsTrust.jdk(), Duration.ofSeconds(10), Duration.ofMillis(300),
                        () -> now)) {
            probe.refreshIfStale();
            assertNull(probe.last());
            await(() -> probe.last() != null);
            assertEquals(HealthCheckResponse.Status.DOWN, LogReadinessCheck.remote(probe).getStatus());
        }
    }

    /**
     * The probe trusts what submissions trust: a log whose certificate a private CA issued is
     * reachable with that CA's bundle ({@code signet.ctlog.tls-ca-cert}, as Fulcio's
     * {@code --ct-log.tls-ca-cert}) and not without it.
     */
    @Test
    void aRemoteLogBehindAPrivateCaIsProbedWithTheSubmissionsTrust() throws Exception {
        PrivateCaTls tls = PrivateCaTls.create();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(
                new PemKeyCertOptions().setCertValue(Buffer.buffer(tls.certificatePem()))
                        .setKeyValue(Buffer.buffer(tls.privateKeyPem()))))
                .requestHandler(request -> request.response().end("{\"certificates\":[]}"));
        String url = "https://127.0.0.1:" + server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).actualPort();
        Path bundle = Files.writeString(directory.resolve("ca.pem"), tls.caPem());
        try (RemoteLogProbe trusting = probe(url, LogTlsTrust.load(Optional.of(bundle), url));
                RemoteLogProbe jdkOnly = probe(url, LogTlsTrust.jdk())) {
            trusting.refreshIfStale();
            jdkOnly.refreshIfStale();
            await(() -> trusting.last() != null && jdkOnly.last() != null);
            assertEquals(HealthCheckResponse.Status.UP, LogReadinessCheck.remote(trusting).getStatus());
            HealthCheckResponse refused = LogReadinessCheck.remote(jdkOnly);
            assertEquals(HealthCheckResponse.Status.DOWN, refused.getStatus());
            assertTrue(refused.getData().orElseThrow().get("error").toString().startsWith("unreachable"));
        } finally {
            server.close();
        }
    }

    private RemoteLogProbe probe(String url) {
        return probe(url, LogTlsTrust.jdk());
    }

    private RemoteLogProbe probe(String url, LogTlsTrust trust) {
        return new RemoteLogProbe(vertx, url, Optional.empty(), trust, Duration.ofSeconds(10), Duration.ofSeconds(2),
                () -> now);
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
    }
}
