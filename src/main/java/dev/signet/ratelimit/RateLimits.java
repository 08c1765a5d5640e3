package dev.signet.ratelimit;

import dev.signet.certificate.SigstoreOid;
import dev.signet.config.SignetConfig;
import dev.signet.identity.Principal;
import dev.signet.metrics.SignetMetrics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Signet's rate limits, from {@code signet.rate-limit.*}: on certificate requests per client
 * address (before the token is read) and per identity (after it is verified), and on the embedded
 * log's {@code add-chain}/{@code add-pre-chain} per client address, in a bucket of its own so that
 * neither kind of request spends the other's tokens. Transport-neutral: the REST filter and the gRPC
 * interceptor call {@link #checkAddress} and {@link #checkLogSubmission}, issuance calls
 * {@link #checkIdentity}.
 */
@ApplicationScoped
@Startup
public class RateLimits {
    private static final Logger LOG = Logger.getLogger(RateLimits.class);
    /** Metric scope names; the only three labels {@code signet.rate.limited} ever gets. */
    static final String ADDRESS = "address";
    static final String IDENTITY = "identity";
    static final String LOG_ADDRESS = "log-address";

    private final boolean enabled;
    private final RateLimiter byAddress;
    private final RateLimiter byIdentity;
    private final RateLimiter logByAddress;
    private final ClientAddress clientAddress;
    private final SignetMetrics metrics;

    @Inject
    public RateLimits(SignetConfig config, SignetMetrics metrics) {
        this(config.rateLimit(), metrics, System::nanoTime);
    }

    RateLimits(SignetConfig.RateLimit settings, SignetMetrics metrics, LongSupplier nanoClock) {
        this.enabled = settings.enabled();
        this.metrics = metrics;
        this.clientAddress = new ClientAddress(trustedProxies(settings.trustedProxies().orElse(List.of())));
        this.byAddress = new RateLimiter(settings.address().rate(), settings.address().burst(),
                settings.maxTracked(), nanoClock);
        this.byIdentity = new RateLimiter(settings.identity().rate(), settings.identity().burst(),
                settings.maxTracked(), nanoClock);
        this.logByAddress = new RateLimiter(settings.log().rate(), settings.log().burst(), settings.maxTracked(),
                nanoClock);
        if (!enabled) {
            LOG.warn("signet.rate-limit.enabled=false: certificate requests are not rate limited in process");
        }
    }

    /** Whether the limits are on. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Counts a certificate request from {@code peer} (with its {@code X-Forwarded-For}, or null).
     *
     * @throws RateLimitedException when that client has no token left
     */
    public void checkAddress(InetAddress peer, String forwardedFor) {
        if (enabled) {
            check(byAddress, clientAddress.key(peer, forwardedFor), ADDRESS);
        }
    }

    /**
     * Counts an {@code add-chain} or {@code add-pre-chain} from {@code peer} (with its
     * {@code X-Forwarded-For}, or null), in the log's own bucket for that client.
     *
     * @throws RateLimitedException when that client has no token left
     */
    public void checkLogSubmission(InetAddress peer, String forwardedFor) {
        if (enabled) {
            check(logByAddress, clientAddress.key(peer, forwardedFor), LOG_ADDRESS);
        }
    }

    /**
     * Counts a certificate request by this verified identity: its issuer and token subject.
     *
     * @throws RateLimitedException when that identity has no token left
     */
    public void checkIdentity(Principal principal) {
        if (enabled) {
            check(byIdentity, identityKey(principal), IDENTITY);
        }
    }

    /** Issuer and subject as every issuer type records them in the certificate; the name if a type does not. */
    static String identityKey(Principal principal) {
        Map<SigstoreOid, String> extensions = principal.embed().extensions();
        String issuer = extensions.get(SigstoreOid.ISSUER_V2);
        String subject = extensions.get(SigstoreOid.TOKEN_SUBJECT);
        if (issuer == null || subject == null) {
            return "name\n" + principal.name();
        }
        // A newline cannot occur in an issuer URL, so distinct pairs never share a key.
        return issuer + "\n" + subject;
    }

    private void check(RateLimiter limiter, String key, String scope) {
        long retryAfter = limiter.acquire(key);
        if (retryAfter > 0) {
            metrics.rateLimited(scope);
            throw new RateLimitedException(scope, retryAfter);
        }
    }

    private static List<AddressRange> trustedProxies(List<String> ranges) {
        List<AddressRange> parsed = new ArrayList<>();
        for (String range : ranges) {
            if (range.isBlank()) {
                continue;
            }
            try {
                parsed.add(AddressRange.parse(range));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("signet.rate-limit.trusted-proxies: " + e.getMessage(), e);
            }
        }
        return parsed;
    }
}
