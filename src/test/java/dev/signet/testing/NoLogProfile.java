package dev.signet.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * One Quarkus application for the tests that need no transparency log, shared so they cost one boot
 * (a boot per distinct profile and set of test resources): {@code signet.ctlog.type=none}, Fulcio's
 * behaviour with its CT log disabled, and rate limits of one request that stay switched off
 * ({@code signet.rate-limit.enabled=false}), which {@code RateLimitOffTest} checks are never applied.
 * No test here depends on the limits being on, or on a log. Its users also share
 * {@link OidcIssuersTestResource}.
 */
public class NoLogProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "signet.ctlog.type", "none",
                "signet.rate-limit.enabled", "false",
                "signet.rate-limit.address.rate", "0.01",
                "signet.rate-limit.address.burst", "1",
                "signet.rate-limit.identity.rate", "0.01",
                "signet.rate-limit.identity.burst", "1");
    }
}
