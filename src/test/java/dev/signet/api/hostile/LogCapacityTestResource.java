package dev.signet.api.hostile;

import dev.signet.codec.Pem;
import dev.signet.ctlog.TestChains;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The embedded log of the capacity catalogue: a small pool (8, half of it for outside submissions)
 * flushed every 2 s, so a test can fill the outside share within one period; a throwaway CA whose
 * root the log accepts, so the test can submit chains of its own; one OIDC issuer for certificate
 * requests; the rate limits on, with loopback a trusted proxy, so each test speaks from its own
 * {@code X-Forwarded-For} address; and a fresh data directory per boot.
 */
public class LogCapacityTestResource implements QuarkusTestResourceLifecycleManager {
    /** Init argument: {@code signet.ctlog.embedded.accept-submissions=false}. */
    static final String CLOSED = "closed";
    static final int POOL_SIZE = 8;
    /** Outside submissions may fill half of the pool. */
    static final int OUTSIDE_SHARE = POOL_SIZE / 2;
    /** Outside submissions one address may send at once; it refills at one a hundred seconds. */
    static final int LOG_BURST = 5;

    static volatile TestChains CA;
    static volatile TestOidcIssuer ISSUER;

    private boolean closed;
    private Path directory;

    @Override
    public void init(Map<String, String> initArgs) {
        closed = Boolean.parseBoolean(initArgs.get(CLOSED));
    }

    @Override
    public Map<String, String> start() {
        CA = new TestChains("Log Capacity Test CA");
        ISSUER = new TestOidcIssuer().start();
        try {
            directory = Files.createTempDirectory("signet-log-capacity");
            Path roots = directory.resolve("roots.pem");
            Files.writeString(roots, Pem.certificate(CA.root()));
            Path identity = directory.resolve("identity.json");
            Files.writeString(identity, ISSUER.identityConfigJson(TestOidcIssuer.DEFAULT_AUDIENCE, "email"));
            Map<String, String> config = new HashMap<>();
            config.put("signet.data-dir", directory.resolve("data").toString());
            config.put("signet.identity.config", identity.toString());
            config.put("signet.ctlog.type", "embedded");
            config.put("signet.ctlog.embedded.roots", roots.toString());
            config.put("signet.ctlog.embedded.period", "2s");
            config.put("signet.ctlog.embedded.pool-size", Integer.toString(POOL_SIZE));
            config.put("signet.ctlog.embedded.outside-share", "0.5");
            config.put("signet.ctlog.embedded.accept-submissions", Boolean.toString(!closed));
            config.put("signet.rate-limit.enabled", "true");
            config.put("signet.rate-limit.trusted-proxies", "127.0.0.1");
            config.put("signet.rate-limit.log.rate", "0.01");
            config.put("signet.rate-limit.log.burst", Integer.toString(LOG_BURST));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        ISSUER.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
