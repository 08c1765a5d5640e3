package dev.signet.api.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ctlog.AddChainResponse;
import dev.signet.ctlog.CtCertificates;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.TimestampedEntry;
import dev.signet.ctlog.embedded.LogKeys;
import dev.signet.ctlog.embedded.LogSigner;
import dev.signet.testing.Fixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * A fake RFC 6962 log on loopback that Signet is configured to use as its remote log (deadline
 * {@link #DEADLINE_SECONDS} s): it signs real SCTs with its own key, or misbehaves as its
 * {@link Control} says (down, silent, or a bad SCT of one kind). A test receives the control in a
 * {@code @Fixture(FakeRemoteLogResource.CONTROL)} field.
 */
public class FakeRemoteLogResource implements QuarkusTestResourceLifecycleManager {
    public static final int DEADLINE_SECONDS = 2;

    /** What the log does with a submission. */
    public enum Mode {
        HONEST, DOWN, SILENT, OTHER_KEY, OTHER_LOG_ID, HOUR_OLD, OVER_OTHER_DATA
    }

    public static final String CONTROL = "fake-remote-log.control";

    /** How the test steers the log, and what the log saw. */
    public static final class Control {
        private volatile Mode mode = Mode.HONEST;
        private final AtomicInteger submissions = new AtomicInteger();

        public void mode(Mode mode) {
            this.mode = mode;
        }

        /** Submissions received so far, on any path. */
        public int submissions() {
            return submissions.get();
        }
    }

    private final Control control = new Control();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyPair key = LogKeys.generate();
    private final KeyPair otherKey = LogKeys.generate();
    private Vertx vertx;
    private Path keyFile;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body()
                    .onSuccess(body -> handle(request, body)))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            keyFile = Files.createTempFile("signet-fake-log", ".pem");
            Files.writeString(keyFile, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            return Map.of(
                    "signet.ctlog.type", "remote",
                    "signet.ctlog.url", "http://127.0.0.1:" + server.actualPort(),
                    "signet.ctlog.public-key", keyFile.toString(),
                    "signet.ctlog.timeout", DEADLINE_SECONDS + "s");
        } catch (Exception e) {
            throw new IllegalStateException("fake log did not start", e);
        }
    }

    private void handle(HttpServerRequest request, Buffer body) {
        control.submissions.incrementAndGet();
        Mode current = control.mode;
        if (current == Mode.SILENT) {
            return;
        }
        if (current == Mode.DOWN || !request.path().equals("/ct/v1/add-pre-chain")) {
            request.response().setStatusCode(503).end("down");
            return;
        }
        try {
            List<byte[]> chain = new ArrayList<>();
            for (JsonNode element : JSON.readTree(body.getBytes()).get("chain")) {
                chain.add(Base64.getDecoder().decode(element.textValue()));
            }
            long timestamp = System.currentTimeMillis() - (current == Mode.HOUR_OLD ? 3_600_000 : 0);
            byte[] issuerKeyHash = CtCertificates.issuerKeyHash(Certificate.getInstance(chain.get(1)));
            byte[] tbs = CtCertificates.tbsWithout(Certificate.getInstance(chain.get(0)), CtCertificates.POISON);
            TimestampedEntry entry = TimestampedEntry.precert(
                    current == Mode.OVER_OTHER_DATA ? timestamp + 1 : timestamp, issuerKeyHash, tbs, new byte[0]);
            KeyPair signer = current == Mode.OTHER_KEY ? otherKey : key;
            byte[] logId = current == Mode.OTHER_LOG_ID ? LogIdentity.of(otherKey.getPublic()).logId()
                    : LogIdentity.of(key.getPublic()).logId();
            byte[] signature = new LogSigner(signer).sign(entry.sctSignatureInput()).encoded();
            request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(Buffer.buffer(
                    AddChainResponse.encode(new SignedCertificateTimestamp(logId, timestamp, new byte[0], signature))));
        } catch (Exception e) {
            request.response().setStatusCode(400).end("bad chain");
        }
    }

    @Override
    public void inject(TestInjector injector) {
        Fixtures.inject(injector, Map.of(CONTROL, control));
    }

    @Override
    public void stop() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Files.deleteIfExists(keyFile);
        } catch (Exception ignored) {
            // best effort at the end of the tests
        }
    }
}
