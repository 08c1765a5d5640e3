package dev.signet.health;

import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.error.SignetException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The last step of Signet's shutdown that Signet itself orders. Quarkus first turns readiness DOWN
 * ({@code quarkus.shutdown.delay}, while requests are still served so load balancers can stop
 * sending them), then waits for in-flight requests ({@code quarkus.shutdown.timeout}) and refuses
 * new ones with 503. Only then is {@link ShutdownEvent} fired: here the embedded log flushes its
 * last pool, so every pending submission is sequenced and answered or failed, never left with an
 * SCT that is not in the log. Beans are destroyed after every {@code ShutdownEvent} observer, so the
 * CA (its disposer, or an HSM session observer with a later priority, such as {@link #CA_PRIORITY}) closes
 * after the log.
 */
@ApplicationScoped
public class GracefulShutdown {
    /** Priority of the observer closing the log: before the default observer priority. */
    public static final int LOG_PRIORITY = 1000;
    /** Priority for observers closing CA resources (HSM sessions): after the log. */
    public static final int CA_PRIORITY = 3000;
    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    void closeLog(@Observes @Priority(LOG_PRIORITY) ShutdownEvent event, ConfiguredLog logs) {
        logs.log(EmbeddedLog.class).ifPresent(GracefulShutdown::close);
    }

    private static void close(EmbeddedLog log) {
        log.close();
        try {
            LOG.infof("Transparency log %s closed at tree size %d", log.origin(), log.treeSize());
        } catch (SignetException e) {
            // A shared log's database may be gone at shutdown: its size is not this replica's to report.
            LOG.infof("Transparency log %s closed (tree size unknown: %s)", log.origin(), e.getMessage());
        }
    }
}
