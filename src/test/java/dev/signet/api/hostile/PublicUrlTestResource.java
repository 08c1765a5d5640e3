package dev.signet.api.hostile;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Sets {@code signet.public-url}, written with a trailing slash the configuration must drop. */
public class PublicUrlTestResource implements QuarkusTestResourceLifecycleManager {
    /** The URL as it should be named: no trailing slash. */
    public static final String PUBLIC_URL = "https://signet.example.com";

    @Override
    public Map<String, String> start() {
        return Map.of("signet.public-url", PUBLIC_URL + "/");
    }

    @Override
    public void stop() {
    }
}
