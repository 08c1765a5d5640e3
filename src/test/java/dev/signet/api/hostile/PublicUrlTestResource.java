package dev.signet.api.hostile;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Sets {@code signet.public-url}, written with a trailing slash the configuration must drop, and a
 * data directory of its own: the embedded log's origin follows the public URL, so the log is
 * another one than the test profile's shared {@code target/test-data} log.
 */
public class PublicUrlTestResource implements QuarkusTestResourceLifecycleManager {
    /** The URL as it should be named: no trailing slash. */
    public static final String PUBLIC_URL = "https://signet.example.com";

    @Override
    public Map<String, String> start() {
        try {
            return Map.of("signet.public-url", PUBLIC_URL + "/",
                    "signet.data-dir", Files.createTempDirectory("signet-public-url").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
