package dev.signet.identity.oidc;

import dev.signet.config.SignetConfig;
import java.nio.file.Path;
import java.time.Duration;

/** OIDC settings for unit tests, defaulting to the production defaults. */
record TestOidcConfig(Duration fetchTimeout, int maxDocumentBytes, Duration minRefreshInterval, Duration keysMaxAge,
        int maxTokenLength, Duration clockSkew, boolean allowPrivateAddresses, Kubernetes kubernetes)
        implements SignetConfig.Oidc {

    /** The in-cluster Kubernetes settings for tests. */
    record Kubernetes(String issuerUrl, Path caCert, Path token) implements SignetConfig.Oidc.Kubernetes {
    }

    static TestOidcConfig defaults() {
        return new TestOidcConfig(Duration.ofSeconds(5), 1024 * 1024, Duration.ofSeconds(30), Duration.ofHours(1),
                16384, Duration.ofSeconds(60), false, new Kubernetes("https://kubernetes.default.svc",
                        Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"),
                        Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token")));
    }

    TestOidcConfig withMaxTokenLength(int length) {
        return new TestOidcConfig(fetchTimeout, maxDocumentBytes, minRefreshInterval, keysMaxAge, length, clockSkew,
                allowPrivateAddresses, kubernetes);
    }

    TestOidcConfig withFetchTimeout(Duration timeout) {
        return new TestOidcConfig(timeout, maxDocumentBytes, minRefreshInterval, keysMaxAge, maxTokenLength, clockSkew,
                allowPrivateAddresses, kubernetes);
    }

    TestOidcConfig withMaxDocumentBytes(int bytes) {
        return new TestOidcConfig(fetchTimeout, bytes, minRefreshInterval, keysMaxAge, maxTokenLength, clockSkew,
                allowPrivateAddresses, kubernetes);
    }

    TestOidcConfig withAllowPrivateAddresses(boolean allow) {
        return new TestOidcConfig(fetchTimeout, maxDocumentBytes, minRefreshInterval, keysMaxAge, maxTokenLength,
                clockSkew, allow, kubernetes);
    }

    TestOidcConfig withKubernetes(String issuerUrl, Path caCert, Path token) {
        return new TestOidcConfig(fetchTimeout, maxDocumentBytes, minRefreshInterval, keysMaxAge, maxTokenLength,
                clockSkew, allowPrivateAddresses, new Kubernetes(issuerUrl, caCert, token));
    }
}
