package dev.signet.health;

import dev.signet.issuance.IdentityFiles;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness detail for the identity configuration: which generation is in force, how many
 * issuers it trusts, and the last refused reload. A refused reload does not make Signet unready
 * (the previous generation keeps serving); it is reported here and logged.
 */
@Readiness
@ApplicationScoped
public class IdentityConfigCheck implements HealthCheck {
    private final IdentityFiles files;

    public IdentityConfigCheck(IdentityFiles files) {
        this.files = files;
    }

    @Override
    public HealthCheckResponse call() {
        IdentityFiles.Generation generation = files.generation();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("identity-config").up()
                .withData("generation", generation.number())
                .withData("issuers", generation.issuers().all().size());
        files.lastFailure().ifPresent(failure -> response
                .withData("lastReloadRefusedAt", failure.at().toString())
                .withData("lastReloadError", failure.message()));
        return response.build();
    }
}
