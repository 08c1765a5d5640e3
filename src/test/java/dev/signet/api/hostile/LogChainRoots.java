package dev.signet.api.hostile;

import dev.signet.codec.Pem;
import dev.signet.ctlog.CertificateMaker;
import dev.signet.testing.Fixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The extra roots {@code LogChainCatalogueTest} has the embedded log accept: an ordinary root, one
 * whose path length is 0, and one that has expired; the test keeps their keys to build chains under them.
 */
public class LogChainRoots implements QuarkusTestResourceLifecycleManager {
    public static final String ROOT = "logchain.root";
    public static final String PATH_LENGTH_ZERO_ROOT = "logchain.pathLengthZeroRoot";
    public static final String EXPIRED_ROOT = "logchain.expiredRoot";

    private CertificateMaker.Made root;
    private CertificateMaker.Made pathLengthZeroRoot;
    private CertificateMaker.Made expiredRoot;

    private Path rootsFile;

    @Override
    public Map<String, String> start() {
        root = CertificateMaker.ca("Log Chain Catalogue Root").make();
        pathLengthZeroRoot = CertificateMaker.ca("Log Chain Catalogue Root pathlen 0").pathLength(0).make();
        Instant past = Instant.now().minus(Duration.ofDays(30));
        expiredRoot = CertificateMaker.ca("Log Chain Catalogue Expired Root")
                .validity(past, past.plus(Duration.ofDays(1))).make();
        try {
            rootsFile = Files.createTempFile("signet-log-chain-roots", ".pem");
            Files.writeString(rootsFile, Pem.certificate(root.x509()) + Pem.certificate(pathLengthZeroRoot.x509())
                    + Pem.certificate(expiredRoot.x509()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "signet.data-dir", "target/test-data-logchains",
                "signet.ctlog.type", "embedded",
                "signet.ctlog.embedded.roots", rootsFile.toString(),
                "signet.ctlog.embedded.period", "50ms");
    }

    @Override
    public void inject(TestInjector injector) {
        Fixtures.inject(injector,
                Map.of(ROOT, root, PATH_LENGTH_ZERO_ROOT, pathLengthZeroRoot, EXPIRED_ROOT, expiredRoot));
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
