package dev.signet.ctlog.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.config.CtLogType;
import dev.signet.config.SignetConfig;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.Sha256;
import dev.signet.ctlog.embedded.LogKeys;
import dev.signet.testing.PrivateCaTls;
import io.vertx.core.Vertx;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Startup validation of {@code signet.ctlog.*} for the remote log, and reading its public key. */
class RemoteCtLogConfigTest {
    private static final KeyPair KEY = LogKeys.generate();
    private static Vertx vertx;

    @TempDir
    Path directory;

    /** The settings a test passes, standing in for the Quarkus config mapping. */
    private record Settings(Optional<String> url, Optional<Path> publicKey, Duration timeout, Optional<String> origin,
            Optional<Path> tlsCaCert) implements SignetConfig.Ctlog {
        Settings(Optional<String> url, Optional<Path> publicKey, Duration timeout, Optional<String> origin) {
            this(url, publicKey, timeout, origin, Optional.empty());
        }

        @Override
        public CtLogType type() {
            return CtLogType.REMOTE;
        }

        @Override
        public Embedded embedded() {
            throw new UnsupportedOperationException("not used by the remote log");
        }

        @Override
        public boolean detachedSct() {
            return false;
        }
    }

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Path pem(String type, byte[] der) throws Exception {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        Path file = Files.createTempFile(directory, "key", ".pem");
        Files.writeString(file, text.toString());
        return file;
    }

    private static String failure(Settings settings) {
        return assertThrows(IllegalArgumentException.class, () -> new RemoteCtLog(settings, vertx).close())
                .getMessage();
    }

    @Test
    void aCompleteConfigurationBuildsTheClient() throws Exception {
        Path key = pem("PUBLIC KEY", KEY.getPublic().getEncoded());
        try (RemoteCtLog log = new RemoteCtLog(new Settings(Optional.of("https://ct.example.com/2026h1/"),
                Optional.of(key), Duration.ofSeconds(10), Optional.of("ct.example.com")), vertx)) {
            assertEquals("https://ct.example.com/2026h1", log.url());
            assertArrayEquals(LogIdentity.of(KEY.getPublic()).logId(), log.identity().logId());
            assertArrayEquals(Sha256.hash(KEY.getPublic().getEncoded()), log.identity().logId());
        }
    }

    @Test
    void missingSettingsAreNamed() throws Exception {
        Path key = pem("PUBLIC KEY", KEY.getPublic().getEncoded());
        assertTrue(failure(new Settings(Optional.empty(), Optional.of(key), Duration.ofSeconds(10), Optional.empty()))
                .startsWith("signet.ctlog.url is required"));
        assertTrue(failure(new Settings(Optional.of("http://log"), Optional.empty(), Duration.ofSeconds(10),
                Optional.empty())).startsWith("signet.ctlog.public-key is required"));
    }

    @Test
    void invalidSettingsAreNamed() throws Exception {
        Path key = pem("PUBLIC KEY", KEY.getPublic().getEncoded());
        for (String url : new String[] {"ftp://log", "log.example.com", "http://user:pw@log", "http://log/?a=b",
                "http://log/ct/v1/", "http:// log"}) {
            assertTrue(failure(new Settings(Optional.of(url), Optional.of(key), Duration.ofSeconds(10),
                    Optional.empty())).startsWith("signet.ctlog.url"), url);
        }
        for (String origin : new String[] {"https://ct.example.com", "ct.example.com/2026", "a b", "host\r\nX: y",
                ""}) {
            assertTrue(failure(new Settings(Optional.of("http://log"), Optional.of(key), Duration.ofSeconds(10),
                    Optional.of(origin))).startsWith("signet.ctlog.origin"), origin);
        }
        assertTrue(failure(new Settings(Optional.of("http://log"), Optional.of(key), Duration.ZERO, Optional.empty()))
                .startsWith("signet.ctlog.timeout"));
    }

    @Test
    void hostHeaderShapesAreAccepted() throws Exception {
        Path key = pem("PUBLIC KEY", KEY.getPublic().getEncoded());
        for (String origin : new String[] {"tesseract", "ct.example.com:8443", "[::1]:6962", "10.0.0.1"}) {
            new RemoteCtLog(new Settings(Optional.of("http://log:6962"), Optional.of(key), Duration.ofSeconds(1),
                    Optional.of(origin)), vertx).close();
        }
    }

    @Test
    void badKeyFilesAreNamed() throws Exception {
        Path privateKey = pem("PRIVATE KEY", KEY.getPrivate().getEncoded());
        Path garbage = pem("PUBLIC KEY", new byte[] {1, 2, 3});
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        Path wrongCurve = pem("PUBLIC KEY", p384.generateKeyPair().getPublic().getEncoded());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        Path weakRsa = pem("PUBLIC KEY", rsa.generateKeyPair().getPublic().getEncoded());
        Path text = Files.writeString(directory.resolve("text.pem"), "not a key");
        String onePem = Files.readString(pem("PUBLIC KEY", KEY.getPublic().getEncoded()));
        Path twoKeys = Files.writeString(directory.resolve("two.pem"), onePem + onePem);
        for (Path file : new Path[] {privateKey, garbage, wrongCurve, weakRsa, text, twoKeys,
                directory.resolve("missing.pem")}) {
            assertTrue(failure(new Settings(Optional.of("http://log"), Optional.of(file), Duration.ofSeconds(1),
                    Optional.empty())).startsWith("signet.ctlog.public-key"), file.toString());
        }
    }

    @Test
    void explanatoryTextAroundTheKeyIsSkippedAsRfc7468Allows() throws Exception {
        String onePem = Files.readString(pem("PUBLIC KEY", KEY.getPublic().getEncoded()));
        Path annotated = Files.writeString(directory.resolve("annotated.pem"),
                "The log's key, from its operator's page\n" + onePem + "fetched 2026-12-06\n");
        assertArrayEquals(LogIdentity.of(KEY.getPublic()).logId(),
                LogIdentity.of(RemoteLogKey.load(annotated)).logId());
    }

    @Test
    void anRsaLogKeyIsAccepted() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        PublicKey key = rsa.generateKeyPair().getPublic();
        PublicKey loaded = RemoteLogKey.load(pem("PUBLIC KEY", key.getEncoded()));
        assertArrayEquals(LogIdentity.of(key).logId(), LogIdentity.of(loaded).logId());
    }

    /** As Fulcio's {@code --ct-log.tls-ca-cert}, a PEM CA bundle; one that cannot be used stops startup, named. */
    @Test
    void aTlsCaBundleThatCannotBeUsedIsNamedLikeFulciosCtLogTlsCaCert() throws Exception {
        Path key = pem("PUBLIC KEY", KEY.getPublic().getEncoded());
        Path text = Files.writeString(directory.resolve("text.pem"), "not a certificate");
        Path privateKey = pem("PRIVATE KEY", KEY.getPrivate().getEncoded());
        Path garbage = pem("CERTIFICATE", new byte[] {1, 2, 3});
        for (Path file : new Path[] {text, privateKey, garbage, directory, directory.resolve("missing.pem")}) {
            String message = failure(new Settings(Optional.of("https://log"), Optional.of(key), Duration.ofSeconds(1),
                    Optional.empty(), Optional.of(file)));
            assertTrue(message.startsWith("signet.ctlog.tls-ca-cert: " + file), message);
        }
        Path bundle = Files.writeString(directory.resolve("ca.pem"), PrivateCaTls.create().caPem());
        assertTrue(failure(new Settings(Optional.of("http://log"), Optional.of(key), Duration.ofSeconds(1),
                Optional.empty(), Optional.of(bundle))).startsWith("signet.ctlog.tls-ca-cert is set, but"));
        new RemoteCtLog(new Settings(Optional.of("https://log"), Optional.of(key), Duration.ofSeconds(1),
                Optional.empty(), Optional.of(bundle)), vertx).close();
    }
}
