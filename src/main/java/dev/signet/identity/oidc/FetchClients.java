package dev.signet.identity.oidc;

import dev.signet.codec.Pem;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.TrustOptions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP client per distinct trust configuration (the JDK roots, optionally plus an issuer's
 * {@code CACert} and the cluster CA), TLS 1.2 or later, no redirects followed by Vert.x. The number
 * of clients is bounded; the least recently used is closed when the bound is passed.
 */
final class FetchClients implements AutoCloseable {

    static final int MAX_CLIENTS = 32;

    private final Vertx vertx;
    private final Duration deadline;
    private final Map<List<String>, HttpClient> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, HttpClient> eldest) {
            if (size() > MAX_CLIENTS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };
    private boolean closed;

    FetchClients(Vertx vertx, Duration deadline) {
        this.vertx = vertx;
        this.deadline = deadline;
    }

    /**
     * The client trusting the JDK roots plus the certificates of {@code extraCaPems}.
     *
     * @throws SignetException INTERNAL when a PEM cannot be used (it was validated at load)
     */
    HttpClient forTrust(List<String> extraCaPems) {
        List<String> key = List.copyOf(extraCaPems);
        synchronized (clients) {
            if (closed) {
                throw new SignetException(ErrorKind.INTERNAL, "OIDC fetch clients are closed");
            }
            HttpClient client = clients.get(key);
            if (client == null) {
                client = vertx.createHttpClient(options(key));
                clients.put(key, client);
            }
            return client;
        }
    }

    int size() {
        synchronized (clients) {
            return clients.size();
        }
    }

    private HttpClientOptions options(List<String> extraCaPems) {
        long deadlineMillis = Math.max(1, deadline.toMillis());
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, deadlineMillis))
                .setIdleTimeout((int) Math.max(1, deadline.toSeconds()))
                .setDecompressionSupported(false)
                .setVerifyHost(true)
                .setMaxRedirects(0)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
        if (!extraCaPems.isEmpty()) {
            List<X509Certificate> extra = new ArrayList<>();
            try {
                for (String pem : extraCaPems) {
                    extra.addAll(Pem.certificates(pem));
                }
                options.setTrustOptions(TrustOptions.wrap(IssuerTrust.withSystemRoots(extra)));
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                throw new SignetException(ErrorKind.INTERNAL, "CA certificate for an OIDC issuer is unusable", e);
            }
        }
        return options;
    }

    @Override
    public void close() {
        synchronized (clients) {
            closed = true;
            clients.values().forEach(HttpClient::close);
            clients.clear();
        }
    }
}
