package dev.signet.identity.oidc;

import dev.signet.config.SignetConfig;
import java.time.Duration;

/** OIDC settings for unit tests, defaulting to the production defaults. */
record TestOidcConfig(Duration fetchTimeout, int maxDocumentBytes, Duration minRefreshInterval, Duration keysMaxAge,
        int maxTokenLength, Duration clockSkew) implements SignetConfig.Oidc {

    static TestOidcConfig defaults() {
        return new TestOidcConfig(Duration.ofSeconds(5), 1024 * 1024, Duration.ofSeconds(30), Duration.ofHours(1),
                16384, Duration.ofSeconds(60));
    }

    TestOidcConfig withFetchTimeout(Duration timeout) {
        return new TestOidcConfig(timeout, maxDocumentBytes, minRefreshInterval, keysMaxAge, maxTokenLength, clockSkew);
    }

    TestOidcConfig withMaxDocumentBytes(int bytes) {
        return new TestOidcConfig(fetchTimeout, bytes, minRefreshInterval, keysMaxAge, maxTokenLength, clockSkew);
    }
}
