package dev.signet.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Signet's own meters, in one place so every label stays bounded: an issuer type, an outcome, a
 * lint rule or a limit scope, never an issuer URL, subject, email or key ID.
 */
@ApplicationScoped
public class SignetMetrics {
    private final MeterRegistry registry;
    private final AtomicLong certificatesIssued = new AtomicLong();
    /** Meters of the issuance path, made once per label value (issuer types, three outcomes): a registry lookup costs microseconds. */
    private final Map<String, Counter> issuedByType = new ConcurrentHashMap<>();
    private final Map<String, Timer> submissionsByOutcome = new ConcurrentHashMap<>();

    @Inject
    public SignetMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Fulcio's {@code fulcio_new_certs}: no labels, from process start. Fulcio's Go client exposes
     * its counter without a {@code _total} suffix, while Micrometer's Prometheus naming appends one to
     * every counter; a gauge keeps the exact name, and {@code rate()}/{@code increase()} treat it as
     * a counter all the same (PromQL does not look at the type).
     */
    void registerFulcioCertificateCount(@Observes StartupEvent started) {
        Gauge.builder("fulcio.new.certs", certificatesIssued, AtomicLong::get)
                .description("The total number of certificates generated (Fulcio's name; a counter exposed as a gauge)")
                .strongReference(true)
                .register(registry);
    }

    /** A certificate left Signet for an identity of this type. */
    public void certificateIssued(IssuerTypeLabel type) {
        certificatesIssued.incrementAndGet();
        issuedByType.computeIfAbsent(type.configName(), name -> Counter.builder("signet.certificates.issued")
                .description("Certificates issued, by issuer type")
                .tag("issuer_type", name)
                .register(registry))
                .increment();
    }

    /** One submission to the transparency log and how it ended ({@code ok}, {@code busy}, {@code error}). */
    public void logSubmission(Duration elapsed, String outcome) {
        submissionsByOutcome.computeIfAbsent(outcome, name -> Timer.builder("signet.log.submission")
                .description("Time from submitting a chain to the transparency log until its SCT or failure")
                .tag("outcome", name)
                .publishPercentileHistogram()
                .register(registry))
                .record(elapsed);
    }

    /** An issuer's signing keys were fetched ({@code ok}) or the fetch failed ({@code error}). */
    public void jwksRefresh(String outcome) {
        Counter.builder("signet.jwks.refreshes")
                .description("JWKS fetches of OIDC issuers, by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** The pre-issuance linter refused a certificate; the CA key did not sign it. */
    public void lintFailure(String rule) {
        Counter.builder("signet.lint.failures")
                .description("Certificates refused by the pre-issuance linter (an alarm: should stay zero)")
                .tag("rule", rule)
                .register(registry)
                .increment();
    }

    /** A request was refused by the rate limiter of this scope ({@code address} or {@code identity}). */
    public void rateLimited(String scope) {
        Counter.builder("signet.rate.limited")
                .description("Requests answered 429 by the in-process rate limiter, by limit")
                .tag("scope", scope)
                .register(registry)
                .increment();
    }

    /** Publishes a gauge read on each scrape, e.g. the log's tree size or pool depth. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }
}
