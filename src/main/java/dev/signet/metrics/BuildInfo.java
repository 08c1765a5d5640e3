package dev.signet.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The build a process runs, as constant-1 gauges whose labels carry the values (the Prometheus
 * {@code *_build_info} idiom): {@code signet_build_info} and, for Fulcio's dashboards, {@code
 * fulcio_build_info} with Fulcio's four label names. Every label is fixed for the process' life,
 * so each gauge is one series.
 */
@ApplicationScoped
public class BuildInfo {
    /** The value of a label the build did not record. */
    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final String version;

    public BuildInfo(MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = UNKNOWN) String version) {
        this.registry = registry;
        this.version = version;
    }

    void register(@Observes StartupEvent started) {
        String javaVersion = Runtime.version().toString();
        // The JAR manifest holds no commit; a revision is only known where the build recorded one.
        String revision = UNKNOWN;
        Gauge.builder("signet.build.info", () -> 1)
                .description("A constant 1 labelled by the version, commit and Java runtime Signet runs")
                .tag("version", version).tag("revision", revision).tag("java_version", javaVersion)
                .register(registry);
        Gauge.builder("fulcio.build.info", () -> 1)
                .description("Fulcio's build information series: Signet's version; goversion holds the Java runtime")
                .tag("version", version).tag("revision", revision).tag("build_date", UNKNOWN)
                .tag("goversion", "java" + javaVersion)
                .register(registry);
    }
}
