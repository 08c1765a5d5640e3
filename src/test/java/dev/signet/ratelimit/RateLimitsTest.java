package dev.signet.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SubjectAltName;
import dev.signet.config.SignetConfig;
import dev.signet.error.ErrorKind;
import dev.signet.identity.Principal;
import dev.signet.metrics.SignetMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The two limits as issuance and the transports use them: keys, the off switch, metrics. */
class RateLimitsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private long now;

    private RateLimits limits(boolean enabled, List<String> proxies) {
        return new RateLimits(settings(enabled, proxies), new SignetMetrics(registry), () -> now);
    }

    private double refused(String scope) {
        var counter = registry.find("signet.rate.limited").tag("scope", scope).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theIdentityLimitCountsIssuerAndSubject() {
        RateLimits limits = limits(true, List.of());
        limits.checkIdentity(principal("https://issuer.example", "alice"));
        limits.checkIdentity(principal("https://issuer.example", "alice"));
        RateLimitedException refused = assertThrows(RateLimitedException.class,
                () -> limits.checkIdentity(principal("https://issuer.example", "alice")));
        assertEquals(ErrorKind.RATE_LIMITED, refused.kind());
        assertEquals(10, refused.retryAfterSeconds());
        limits.checkIdentity(principal("https://issuer.example", "bob"));
        limits.checkIdentity(principal("https://other.example", "alice"));
        assertEquals(1, refused("identity"));
        assertEquals(0, refused("address"));
    }

    @Test
    void identityKeysNeverCollide() {
        assertNotEquals(RateLimits.identityKey(principal("https://a.example/x", "y")),
                RateLimits.identityKey(principal("https://a.example/", "xy")));
    }

    @Test
    void theAddressLimitCountsTheClient() {
        RateLimits limits = limits(true, List.of("10.0.0.0/8"));
        InetAddress proxy = AddressRange.literal("10.0.0.5").orElseThrow();
        for (int i = 0; i < 3; i++) {
            limits.checkAddress(proxy, "198.51.100.1");
        }
        assertThrows(RateLimitedException.class, () -> limits.checkAddress(proxy, "198.51.100.1"));
        limits.checkAddress(proxy, "198.51.100.2");
        assertEquals(1, refused("address"));
    }

    @Test
    void logSubmissionsHaveTheirOwnBucketPerClient() {
        RateLimits limits = limits(true, List.of("10.0.0.0/8"));
        InetAddress proxy = AddressRange.literal("10.0.0.5").orElseThrow();
        limits.checkLogSubmission(proxy, "198.51.100.1");
        limits.checkLogSubmission(proxy, "198.51.100.1");
        RateLimitedException refused = assertThrows(RateLimitedException.class,
                () -> limits.checkLogSubmission(proxy, "198.51.100.1"));
        assertEquals(2, refused.retryAfterSeconds());
        assertEquals(ErrorKind.RATE_LIMITED, refused.kind());
        // Certificate requests of that client and log submissions of another are counted apart.
        limits.checkAddress(proxy, "198.51.100.1");
        limits.checkLogSubmission(proxy, "198.51.100.2");
        assertEquals(1, refused("log-address"));
        assertEquals(0, refused("address"));
        now += 2_000_000_000L;
        limits.checkLogSubmission(proxy, "198.51.100.1");
    }

    @Test
    void offMeansNeverRefused() {
        RateLimits limits = limits(false, List.of());
        InetAddress client = AddressRange.literal("198.51.100.1").orElseThrow();
        for (int i = 0; i < 100; i++) {
            limits.checkAddress(client, null);
            limits.checkIdentity(principal("https://issuer.example", "alice"));
            limits.checkLogSubmission(client, null);
        }
        assertEquals(0, refused("address") + refused("identity") + refused("log-address"));
    }

    @Test
    void aBadTrustedProxyIsRefusedAtStartup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> limits(true, List.of("10.0.0.0/8", "proxy.internal")));
        assertEquals(true, e.getMessage().startsWith("signet.rate-limit.trusted-proxies"), e.getMessage());
    }

    private static Principal principal(String issuer, String subject) {
        return new Principal() {
            @Override
            public String name() {
                return subject;
            }

            @Override
            public CertificateIdentity embed() {
                return new CertificateIdentity(SubjectAltName.email(subject + "@example.com"),
                        Principal.commonExtensions(issuer, subject));
            }
        };
    }

    /**
     * Address: burst 3 at 1/s; identity: burst 2 at 0.1/s; log submissions: burst 2 at 0.5/s. Proxies rather than classes implementing
     * the mapping, whose constraint annotations Quarkus would find on them in the test sources.
     */
    private static SignetConfig.RateLimit settings(boolean enabled, List<String> proxies) {
        SignetConfig.RateLimit.AddressLimit address = settings(SignetConfig.RateLimit.AddressLimit.class,
                Map.of("rate", 1d, "burst", 3));
        SignetConfig.RateLimit.IdentityLimit identity = settings(SignetConfig.RateLimit.IdentityLimit.class,
                Map.of("rate", 0.1, "burst", 2));
        SignetConfig.RateLimit.AddressLimit log = settings(SignetConfig.RateLimit.AddressLimit.class,
                Map.of("rate", 0.5, "burst", 2));
        return settings(SignetConfig.RateLimit.class, Map.of("enabled", enabled, "address", address,
                "identity", identity, "log", log, "trustedProxies", Optional.of(proxies), "maxTracked", 1000));
    }

    private static <T> T settings(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (!values.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return values.get(method.getName());
                }));
    }
}
