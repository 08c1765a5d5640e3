package dev.signet.ctlog.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.codec.Pem;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.TestChains;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.ctlog.embedded.EmbeddedLogOptions;
import dev.signet.ctlog.embedded.LogKeys;
import dev.signet.ctlog.embedded.local.LocalLogStorage;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.PrivateCaTls;
import dev.signet.testing.SelfSignedTls;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS by URL scheme, against a log whose TLS certificate a private CA issued: the JDK trust store
 * decides, unless a CA bundle is configured ({@code signet.ctlog.tls-ca-cert}, as Fulcio's
 * {@code --ct-log.tls-ca-cert}); then only the bundle does. An untrusted log certificate is a failure.
 */
class RemoteCtLogTlsTest {
    private static final TestChains CA = new TestChains("TLS Test Root");
    private static final KeyPair LOG_KEY = LogKeys.generate();

    @TempDir
    Path directory;

    private Vertx vertx;
    private EmbeddedLog embedded;
    private HttpServer server;
    private PrivateCaTls tls;
    private LoopbackLog plain;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        embedded = LocalLogStorage.open(EmbeddedLogOptions.of(directory.resolve("log"), "test/log", LOG_KEY,
                List.of(CA.root())).withPeriod(Duration.ofMillis(20)));
        plain = new LoopbackLog(vertx, embedded);
        tls = PrivateCaTls.create();
        PemKeyCertOptions keyCert = new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(tls.certificatePem()))
                .setKeyValue(Buffer.buffer(tls.privateKeyPem()));
        // The TLS face forwards to the plain loopback log's behaviour.
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(keyCert))
                .requestHandler(
                        request -> request.body().onSuccess(body -> plain.answerFromLog(request, body, sct -> sct)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        System.clearProperty("javax.net.ssl.trustStore");
        System.clearProperty("javax.net.ssl.trustStorePassword");
        System.clearProperty("javax.net.ssl.trustStoreType");
        plain.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        embedded.close();
    }

    private SignedCertificateTimestamp submit() {
        return submit(LogTlsTrust.jdk());
    }

    private SignedCertificateTimestamp submit(LogTlsTrust trust) {
        try (RemoteCtLog client = new RemoteCtLog(vertx, "https://127.0.0.1:" + server.actualPort(),
                LOG_KEY.getPublic(), Duration.ofSeconds(8), Optional.empty(), trust)) {
            return client.addPreChain(CA.precertChain(CA.precert("tls@example.com")));
        }
    }

    private LogTlsTrust bundle(String... pems) throws Exception {
        Path file = Files.writeString(directory.resolve("ca-bundle.pem"), String.join("", pems));
        return LogTlsTrust.load(Optional.of(file), "https://127.0.0.1:" + server.actualPort());
    }

    /** Makes the JDK's default trust store (for this JVM's next TLS clients) hold the private CA. */
    private void trustThePrivateCaInTheJdkTrustStore() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("private-ca", Pem.certificates(tls.caPem()).get(0));
        Path file = directory.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, "changeit".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", file.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    @Test
    void aLogCertificateOutsideTheJdkTrustStoreIsRefused() {
        SignetException failure = assertThrows(SignetException.class, this::submit);
        assertEquals(ErrorKind.CT_LOG, failure.kind());
        assertTrue(failure.getMessage().contains("SSL"), failure.getMessage());
        assertEquals(0, embedded.treeSize());
    }

    @Test
    void aLogCertificateInTheJdkTrustStoreIsAccepted() throws Exception {
        trustThePrivateCaInTheJdkTrustStore();
        SignedCertificateTimestamp sct = submit();
        // A first TLS handshake can be slow enough for a retry, which logs the chain a second time.
        assertTrue(sct.leafIndex() >= 0 && sct.leafIndex() < embedded.treeSize());
    }

    /** As Fulcio's {@code --ct-log.tls-ca-cert}: the private CA in the bundle verifies the log's certificate. */
    @Test
    void aLogCertificateFromThePrivateCaInTheBundleIsAcceptedAsFulciosCtLogTlsCaCert() throws Exception {
        SignedCertificateTimestamp sct = submit(bundle(tls.caPem()));
        assertTrue(sct.leafIndex() >= 0 && sct.leafIndex() < embedded.treeSize());
    }

    @Test
    void aBundleOfAnotherCaRefusesTheLogCertificate() throws Exception {
        LogTlsTrust otherCas = bundle(PrivateCaTls.create().caPem(), SelfSignedTls.create().certificatePem());
        SignetException failure = assertThrows(SignetException.class, () -> submit(otherCas));
        assertEquals(ErrorKind.CT_LOG, failure.kind());
        assertTrue(failure.getMessage().contains("SSL"), failure.getMessage());
        assertEquals(0, embedded.treeSize());
    }

    /** The bundle replaces the JDK trust store for the log: a CA only the JDK trusts is not enough. */
    @Test
    void withABundleTheJdkTrustStoreIsNotConsulted() throws Exception {
        trustThePrivateCaInTheJdkTrustStore();
        LogTlsTrust otherCa = bundle(PrivateCaTls.create().caPem());
        assertThrows(SignetException.class, () -> submit(otherCa));
    }
}
