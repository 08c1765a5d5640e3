package dev.signet.ca.kms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.ca.CaCertificates;
import dev.signet.ca.TestPki;
import dev.signet.codec.BouncyCastle;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The common part of the loopback servers that stand in for a KMS in tests: a server on 127.0.0.1
 * (HTTP here, or the subclass's own transport) holding a real key that signs the digests it is
 * sent, and switches that make it answer as the service does when it throttles, denies access,
 * has the key disabled or is asked to sign with a key that cannot. Each subclass speaks one
 * service's documented wire protocol.
 */
public abstract class FakeKmsServer implements AutoCloseable {

    /** How the server answers the next signing calls. */
    public enum Mode {
        NORMAL, THROTTLED, ACCESS_DENIED, KEY_DISABLED, WRONG_KEY_TYPE,
        /** Holds every call until {@link #release()} (a KMS that does not answer). */
        HANG,
        /** Signs with another key: the signature does not verify. */
        BAD_SIGNATURE
    }

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body apart; without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK add about 40 ms to every answer, a cost of the stand-in, not of Signet.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** Null when the subclass serves its own transport (gRPC). */
    private final HttpServer server;
    /** Named so that a benchmark can tell the stand-in's CPU time from Signet's. */
    static final String THREAD_PREFIX = "fake-kms-";
    private final AtomicInteger threads = new AtomicInteger();
    final ExecutorService executor = Executors.newFixedThreadPool(64,
            runnable -> new Thread(runnable, THREAD_PREFIX + threads.incrementAndGet()));
    /** How long each signature takes at the "service" (a benchmark's stand-in for the network and the HSM). */
    volatile Duration latency = Duration.ZERO;
    private final KeyPair key;
    private final KeyPair otherKey;
    private final String keyType;
    volatile Mode mode = Mode.NORMAL;
    /** The key is listed as unable to sign (the startup check refuses it). */
    volatile boolean notForSigning;
    private volatile CountDownLatch hang = new CountDownLatch(1);
    final AtomicInteger signCalls = new AtomicInteger();
    final AtomicInteger signed = new AtomicInteger();
    final AtomicInteger unauthenticated = new AtomicInteger();

    /** @param keyType P-256, P-384 or RSA */
    FakeKmsServer(String keyType) throws IOException {
        this(keyType, true);
    }

    /**
     * @param keyType P-256, P-384 or RSA
     * @param http    whether to serve HTTP with {@link #handle}; false for a subclass that serves its
     *                own transport on {@link #executor}
     */
    FakeKmsServer(String keyType, boolean http) throws IOException {
        this.keyType = keyType;
        this.key = TestPki.keyPair(keyType);
        this.otherKey = TestPki.keyPair(keyType);
        if (!http) {
            server = null;
            return;
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange);
            } catch (RuntimeException e) {
                respond(exchange, 500, Map.of("message", "fake server failure: " + e));
            }
        });
        server.start();
    }

    /** Answers one HTTP request in the service's protocol (HTTP stand-ins only). */
    void handle(HttpExchange exchange) throws IOException {
        throw new UnsupportedOperationException("this stand-in does not speak HTTP");
    }

    /** The key reference Signet is configured with. */
    public abstract String reference();

    /** The service's own name of the key type. */
    String keyType() {
        return keyType;
    }

    public PublicKey publicKey() {
        return key.getPublic();
    }

    /** A new root in memory and an intermediate for {@code key} under it, intermediate first. */
    public static List<X509Certificate> chainFor(PublicKey key) {
        KeyPair rootKeys = CaCertificates.ecKeyPair("secp384r1", TestPki.RANDOM);
        Instant notBefore = Instant.now().minusSeconds(60);
        X509Certificate root = CaCertificates.root(rootKeys, CaCertificates.name("KMS Test Root", "Test"), notBefore,
                Duration.ofDays(365), 1, TestPki.RANDOM);
        X509Certificate intermediate = CaCertificates.intermediate(key,
                CaCertificates.name("KMS Test Intermediate", "Test"), root, rootKeys.getPrivate(), notBefore,
                Duration.ofDays(30), TestPki.RANDOM);
        return List.of(intermediate, root);
    }

    /** {@link #chainFor} this server's key, written to a new PEM file in {@code directory}. */
    public Path chainFile(Path directory) throws IOException {
        Path file = Files.createTempFile(directory, "kms-chain", ".pem");
        Files.write(file, TestPki.certificatesPem(chainFor(publicKey())));
        return file;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void mode(Mode next) {
        if (next == Mode.HANG) {
            hang = new CountDownLatch(1);
        }
        mode = next;
    }

    /** Lets held calls go on (answered in the mode set then). */
    public void release() {
        mode = Mode.NORMAL;
        hang.countDown();
    }

    /**
     * Signs {@code digest} as the KMS does: the digest is the hash of the message, so it is signed
     * as is (ECDSA over the digest; RSA PKCS#1 v1.5 over the DigestInfo of it). Counts the call;
     * in HANG mode waits first.
     */
    byte[] signDigest(byte[] digest, String hash) {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (mode == Mode.HANG) {
            try {
                hang.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            KeyPair signer = mode == Mode.BAD_SIGNATURE ? otherKey : key;
            Signature signature;
            byte[] input = digest;
            if (keyType.equals("RSA")) {
                signature = Signature.getInstance("NONEwithRSA", BouncyCastle.PROVIDER);
                input = digestInfo(digest, hash);
            } else {
                signature = Signature.getInstance("NONEwithECDSA", BouncyCastle.PROVIDER);
            }
            signature.initSign(signer.getPrivate());
            signature.update(input);
            signed.incrementAndGet();
            return signature.sign();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digestInfo(byte[] digest, String hash) throws IOException {
        org.bouncycastle.asn1.x509.AlgorithmIdentifier algorithm =
                new org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder().find(hash);
        return new org.bouncycastle.asn1.x509.DigestInfo(algorithm, digest).getEncoded("DER");
    }

    static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readNBytes(64 * 1024);
        }
    }

    static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        respond(exchange, status, body, "application/json");
    }

    static void respond(HttpExchange exchange, int status, Object body, String contentType) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Settings for Signet's kms CA that point at this server, with {@code chain} and {@code timeout}. */
    abstract KmsSettings settings(Path chain, Duration timeout);

    @Override
    public void close() {
        release();
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
    }
}
