package dev.signet.health;

import dev.signet.ca.CertificateAuthority;
import dev.signet.ca.SigningStatus;
import dev.signet.config.CaType;
import dev.signet.config.SignetConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness: the CA key can sign. Every {@code signet.ca.health-check-interval} the CA key makes a
 * test signature (for an HSM that is a real round trip, and the moment a lost session is
 * reconnected); a real signature that fails turns this DOWN at once, and the next success, real or
 * test, turns it UP again. The response carries only a fixed reason, never exception text.
 */
@Readiness
@ApplicationScoped
public class CaSigningCheck implements HealthCheck {

    /** Shortest interval accepted, so a typo cannot turn the probe into a busy loop against an HSM. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(CaSigningCheck.class);

    private final CertificateAuthority ca;
    private final String type;
    private final Duration interval;
    private ScheduledExecutorService prober;

    @Inject
    public CaSigningCheck(CertificateAuthority ca, SignetConfig config) {
        this(ca, config.ca().type(), config.ca().healthCheckInterval());
    }

    CaSigningCheck(CertificateAuthority ca, CaType type, Duration interval) {
        this.ca = ca;
        this.type = type.name().toLowerCase(Locale.ROOT);
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    /** Starts the periodic probe; refuses an interval under {@link #MIN_INTERVAL}. */
    void start() {
        Duration interval = checkedInterval(this.interval);
        prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "signet-ca-health");
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleWithFixedDelay(this::probe, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    @PreDestroy
    void stop() {
        if (prober != null) {
            prober.shutdownNow();
        }
    }

    /** Makes one test signature now; its outcome becomes the CA's signing status. */
    public void probe() {
        boolean before = ca.signingStatus().canSign();
        try {
            ca.testSignature();
            if (!before) {
                LOG.info("CA key test signature succeeded again: ready");
            }
        } catch (SignetException e) {
            // The detail can name files or slots: the log may have it, the health response may not.
            if (before) {
                LOG.errorf("CA key test signature failed, not ready: %s", e.getMessage());
            } else {
                LOG.debugf("CA key test signature still failing: %s", e.getMessage());
            }
        } catch (RuntimeException e) {
            // Keep the schedule alive: an exception would cancel it.
            LOG.errorf("CA readiness probe failed unexpectedly: %s", e.getClass().getName());
        }
    }

    @Override
    public HealthCheckResponse call() {
        SigningStatus status = ca.signingStatus();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("ca-signing")
                .withData("type", type)
                .withData("since", status.since().toString());
        if (status.canSign()) {
            return response.up().build();
        }
        return response.down().withData("reason", status.reason()).build();
    }

    /** The configured interval, refused below {@link #MIN_INTERVAL}. */
    static Duration checkedInterval(Duration interval) {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new SignetException(ErrorKind.CA_BACKEND, "signet.ca.health-check-interval must be at least "
                    + MIN_INTERVAL.toSeconds() + "s, got " + interval);
        }
        return interval;
    }
}
