package dev.signet.ctlog.embedded.http;

import dev.signet.codec.Pem;
import dev.signet.ctlog.TestChains;
import dev.signet.testing.Fixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A throwaway CA whose root the embedded log accepts (through {@code signet.ctlog.embedded.roots}),
 * and a data directory of the log tests' own, so no other test's settings can clash with this log.
 */
public class LogTestCa implements QuarkusTestResourceLifecycleManager {
    /** Where these tests keep their log; it persists across runs, so tests never assume an empty log. */
    static final String DATA_DIR = "target/test-data-logapi";
    public static final String CA = "logtest.ca";

    private TestChains ca;

    /** Init argument: a pool of one and a slow flush, so concurrent submissions find the log busy. */
    static final String BUSY = "busy";

    private Path rootsFile;
    private boolean busy;

    @Override
    public void init(Map<String, String> initArgs) {
        busy = Boolean.parseBoolean(initArgs.get(BUSY));
    }

    @Override
    public Map<String, String> start() {
        ca = new TestChains("Log API Test CA");
        try {
            rootsFile = Files.createTempFile("signet-log-roots", ".pem");
            Files.writeString(rootsFile, Pem.certificate(ca.root()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "signet.data-dir", DATA_DIR,
                "signet.ctlog.type", "embedded",
                "signet.ctlog.embedded.roots", rootsFile.toString(),
                "signet.ctlog.embedded.period", busy ? "5s" : "50ms",
                "signet.ctlog.embedded.pool-size", busy ? "1" : "4096");
    }

    @Override
    public void inject(TestInjector injector) {
        Fixtures.inject(injector, Map.of(CA, ca));
    }

    @Override
    public void stop() {
        try {
            Files.deleteIfExists(rootsFile);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
