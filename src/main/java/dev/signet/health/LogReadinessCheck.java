package dev.signet.health;

import dev.signet.config.SignetConfig;
import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.ctlog.remote.RemoteCtLog;
import dev.signet.error.SignetException;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the transparency log, since no certificate leaves without its entry: the embedded
 * log is DOWN once its sequencer has stopped (after a local storage failure; only a restart
 * recovers), or while its storage cannot be written (a local directory not writable, a shared
 * log's database unreachable: UP again by itself when it returns); a remote log is DOWN when the
 * last cached probe could not reach it; no log ({@code none}) is UP with a note.
 */
@Readiness
@ApplicationScoped
@Startup
public class LogReadinessCheck implements HealthCheck {
    private static final String NAME = "ctlog";

    private final Optional<EmbeddedLog> embedded;
    private final Optional<RemoteLogProbe> remote;

    @Inject
    public LogReadinessCheck(ConfiguredLog logs, SignetConfig config, Vertx vertx) {
        this.embedded = logs.log(EmbeddedLog.class);
        // Only a remote log is probed (a leftover signet.ctlog.url with type none is not), with the
        // trust its submissions use.
        this.remote = logs.remoteUrl().flatMap(url -> logs.log(RemoteCtLog.class).map(log -> new RemoteLogProbe(vertx,
                url, config.ctlog().origin(), log.trust(), RemoteLogProbe.INTERVAL, RemoteLogProbe.DEADLINE,
                System::nanoTime)));
        remote.ifPresent(RemoteLogProbe::refreshIfStale);
    }

    @Override
    public HealthCheckResponse call() {
        if (embedded.isPresent()) {
            return embedded(embedded.get());
        }
        if (remote.isPresent()) {
            return remote(remote.get());
        }
        return HealthCheckResponse.named(NAME).up().withData("type", "none")
                .withData("note", "no transparency log: certificates are not logged").build();
    }

    static HealthCheckResponse embedded(EmbeddedLog log) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("type", "embedded");
        if (!log.isHealthy()) {
            return response.down().withData("error", "the log sequencer has stopped; restart Signet").build();
        }
        Optional<String> problem = log.storageProblem();
        if (problem.isPresent()) {
            return response.down().withData("error", problem.get()).build();
        }
        try {
            response.withData("treeSize", log.treeSize());
        } catch (SignetException e) {
            return response.down().withData("error", "the log's checkpoint cannot be read").build();
        }
        return response.up().build();
    }

    static HealthCheckResponse remote(RemoteLogProbe probe) {
        probe.refreshIfStale();
        RemoteLogProbe.Result last = probe.last();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("type", "remote")
                .withData("url", probe.url());
        if (last == null) {
            return response.down().withData("error", "not probed yet").build();
        }
        response.withData("probedSecondsAgo", probe.secondsSince(last));
        return last.reachable() ? response.up().build() : response.down().withData("error", last.detail()).build();
    }

    @PreDestroy
    void close() {
        remote.ifPresent(RemoteLogProbe::close);
    }
}
