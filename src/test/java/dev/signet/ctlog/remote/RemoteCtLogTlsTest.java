package dev.signet.ctlog.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.TestChains;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.ctlog.embedded.EmbeddedLogOptions;
import dev.signet.ctlog.embedded.LogKeys;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS by URL scheme: the JDK trust store decides, so an untrusted log certificate is a failure. */
class RemoteCtLogTlsTest {
    private static final TestChains CA = new TestChains("TLS Test Root");
    private static final KeyPair LOG_KEY = LogKeys.generate();
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    @TempDir
    Path directory;

    private Vertx vertx;
    private EmbeddedLog embedded;
    private HttpServer server;
    private X509Certificate serverCertificate;
    private LoopbackLog plain;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        embedded = EmbeddedLog.open(EmbeddedLogOptions.of(directory.resolve("log"), "test/log", LOG_KEY,
                List.of(CA.root())).withPeriod(Duration.ofMillis(20)));
        plain = new LoopbackLog(vertx, embedded);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair tlsKey = generator.generateKeyPair();
        X500Name name = new X500Name("CN=127.0.0.1");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 3_600_000), name,
                tlsKey.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        serverCertificate = new JcaX509CertificateConverter().setProvider(BC).getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(tlsKey.getPrivate())));
        PemKeyCertOptions keyCert = new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(pem("CERTIFICATE", serverCertificate.getEncoded())))
                .setKeyValue(Buffer.buffer(pem("PRIVATE KEY", tlsKey.getPrivate().getEncoded())));
        // The TLS face forwards to the plain loopback log's behaviour.
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(keyCert))
                .requestHandler(request -> request.body().onSuccess(body -> plain.answerFromLog(request, body, sct -> sct)))
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

    private static String pem(String type, byte[] der) throws Exception {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        return text.toString();
    }

    private SignedCertificateTimestamp submit() {
        try (RemoteCtLog client = new RemoteCtLog(vertx, "https://127.0.0.1:" + server.actualPort(),
                LOG_KEY.getPublic(), Duration.ofSeconds(8), Optional.empty())) {
            return client.addPreChain(CA.precertChain(CA.precert("tls@example.com")));
        }
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
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("log", serverCertificate);
        Path file = directory.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, "changeit".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", file.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        SignedCertificateTimestamp sct = submit();
        // A first TLS handshake can be slow enough for a retry, which logs the chain a second time.
        assertTrue(sct.leafIndex() >= 0 && sct.leafIndex() < embedded.treeSize());
    }
}
