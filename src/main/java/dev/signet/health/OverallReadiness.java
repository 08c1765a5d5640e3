package dev.signet.health;

import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Signet's readiness (every check of {@code /q/health/ready} on the management port) as one yes or
 * no, asked afresh on every call, for the probes Fulcio's clients and manifests use on the API port:
 * gRPC {@code grpc.health.v1.Health/Check} and HTTP {@code GET /healthz}.
 */
@ApplicationScoped
public class OverallReadiness {
    private final SmallRyeHealthReporter health;

    public OverallReadiness(SmallRyeHealthReporter health) {
        this.health = health;
    }

    /** True when every readiness check is UP; a check that throws counts as not ready, not as a broken probe. */
    public boolean isReady() {
        try {
            return !health.getReadiness().isDown();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
