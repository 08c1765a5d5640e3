package dev.signet.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Set;

/**
 * Fixed Prometheus histogram buckets for API latency ({@code http.server.requests} and
 * {@code grpc.server.processing.duration}): 12 buckets from 5 ms to 30 s, so latency SLOs and
 * quantiles can be computed across replicas, at a fixed cost per (method, route, status) series.
 */
public final class LatencyBuckets implements MeterFilter {
    static final Set<String> METERS = Set.of("http.server.requests", "grpc.server.processing.duration");
    static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!METERS.contains(id.getName())) {
            return config;
        }
        double[] nanos = new double[BUCKETS.length];
        for (int i = 0; i < BUCKETS.length; i++) {
            nanos[i] = BUCKETS[i].toNanos();
        }
        return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
    }
}
