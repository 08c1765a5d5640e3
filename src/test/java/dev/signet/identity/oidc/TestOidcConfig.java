package dev.signet.identity.oidc;

import dev.signet.config.SignetConfig;
import java.nio.file.Path;
import java.time.Duration;

/** OIDC settings for unit tests, defaulting to the production defaults. */
record TestOidcConfig(Duration fetchTimeout, int maxDocumentBytes, Duration minRefreshInterval, Duration keysMaxAge,
        int maxTokenLength, Duration clockSkew, boolean allowPrivateAddresses, Kubernetes kubernetes,
        MetaIssuers metaIssuers) implements SignetConfig.Oidc {

    /** The meta issuer cache settings for tests. */
    record MetaIssuers(int maxCached, Duration failureBackoff, int maxConcurrentFetches)
            implements
                SignetConfig.Oidc.MetaIssuers {
    }

    /** The in-cluster Kubernetes settings for tests. */
    record Kubernetes(String issuerUrl, Path caCert, Path token) implements SignetConfig.Oidc.Kubernetes {
    }

    static TestOidcConfig defaults() {
        return new TestOidcConfig(Duration.ofSeconds(5), 1024 * 1024, Duration.ofSeconds(30), Duration.ofHours(1),
                16384, Duration.ofSeconds(60), false, new Kubernetes("https://kubernetes.default.svc",
                        Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"),
                        Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token")),
                new MetaIssuers(100, Duration.ofMinutes(5), 4));
    }

    TestOidcConfig withMaxTokenLength(int length) {
        return new TestOidcConfig(fetchTimeout, maxDocumentBytes, minRefreshInterval, keysMaxAge, length, clockSkew,
                allowPrivateAddresses, kubernetes, metaIssuers);
    }

    TestOidcConfig withFetchTimeout(Duration timeout) {
        return new TestOidcConfig(timeout, maxDocumentBytes, minRefreshInterval, keysMaxAge, maxTokenLength, clockSkew,
                allowPrivateAddresses, kubernetes, metaIssuers);
    }

    TestOidcConfig withMaxDocumentBytes(int bytes) {
        return new TestOidcConfig(fetchTimeout, bytes, minRefreshInterval, keysMaxAge, maxTokenLength, clockSkew,
                allowPrivateAddresses, kubernetes, metaIssuers);
    }

    TestOidcConfig withAllowPrivateAddresses(boolean allow) {
        return new TestOidcConfig(fetchTimeout, maxDocumentBytes, minRefreshInterval, keysMaxAge, maxTokenLength,
                clockSkew, allow, kubernetes, metaIssuers);
    }

    TestOidcConfig withKubernetes(String issuerUrl, Path caCert, Path token) {
        return new TestOidcConfig(fetchTimeout, maxDocumentBytes, minRefreshInterval, keysMaxAge, maxTokenLength,
                clockSkew, allowPrivateAddresses, new Kubernetes(issuerUrl, caCert, token), metaIssuers);
    }

    TestOidcConfig withMetaIssuers(int maxCached, Duration failureBackoff, int maxConcurrentFetches) {
        return new TestOidcConfig(fetchTimeout, maxDocumentBytes, minRefreshInterval, keysMaxAge, maxTokenLength,
                clockSkew, allowPrivateAddresses, kubernetes, new MetaIssuers(maxCached, failureBackoff,
                        maxConcurrentFetches));
    }
}
