package dev.signet.wiring;

import dev.signet.ca.CertificateAuthority;
import dev.signet.codec.Pem;
import dev.signet.config.ConfigFiles;
import dev.signet.config.LogOrigin;
import dev.signet.config.LogStorageType;
import dev.signet.config.SignetConfig;
import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.ctlog.embedded.EmbeddedLogOptions;
import dev.signet.ctlog.embedded.LogKeys;
import dev.signet.ctlog.embedded.LogStorage;
import dev.signet.ctlog.embedded.local.LocalLogStorage;
import dev.signet.ctlog.embedded.postgresql.PostgresLogStorage;
import dev.signet.ctlog.remote.RemoteCtLog;
import dev.signet.metrics.SignetMetrics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Opens the transparency log chosen by {@code signet.ctlog.type} at startup: the embedded log on
 * the storage {@code signet.ctlog.embedded.storage} names (accepting the CA's roots), a remote
 * RFC 6962 log, or none at all. The switches live here, above {@code ctlog} and {@code ca}, so
 * {@code ctlog} imports neither its own variants nor the CA.
 */
@ApplicationScoped
public class LogProducer {
    private static final Logger LOG = Logger.getLogger(LogProducer.class);
    private static final long MIN_POOL_BYTES = 1L << 20;
    private static final long MAX_POOL_BYTES = 4L << 30;

    @Produces
    @Singleton
    @Startup
    ConfiguredLog configuredLog(SignetConfig config, CertificateAuthority ca, Vertx vertx, SignetMetrics metrics,
            @DataSource("ctlog") InjectableInstance<AgroalDataSource> logDatabase) {
        SignetConfig.Ctlog settings = config.ctlog();
        Optional<CtLog> log = switch (settings.type()) {
            case EMBEDDED -> {
                EmbeddedLog opened = openEmbedded(config, acceptedRoots(ca, settings.embedded().roots()), logDatabase);
                metrics.gauge("signet.log.tree.size", "Entries in the embedded log's published tree", opened::treeSize);
                metrics.gauge("signet.log.pool.depth", "Submissions waiting for the embedded log's next flush",
                        opened::pendingCount);
                LOG.infof("Embedded transparency log %s at size %d (%s)", opened.origin(),
                        opened.treeSize(), opened.location());
                if (!settings.embedded().acceptSubmissions()) {
                    LOG.info("signet.ctlog.embedded.accept-submissions=false: add-chain and add-pre-chain answer 403");
                }
                yield Optional.of(opened);
            }
            case REMOTE -> {
                RemoteCtLog remote = new RemoteCtLog(settings, vertx);
                LOG.infof("Remote transparency log at %s", remote.url());
                yield Optional.of(remote);
            }
            case NONE -> {
                LOG.warn("*** signet.ctlog.type=none: certificates are NOT logged in any transparency log. "
                        + "Clients must not trust them; use this only for tests. ***");
                yield Optional.empty();
            }
        };
        boolean embedded = log.filter(EmbeddedLog.class::isInstance).isPresent();
        return new ConfiguredLog(log, settings.detachedSct(), embedded ? Optional.empty() : settings.url());
    }

    void close(@Disposes ConfiguredLog configured) {
        configured.log(EmbeddedLog.class).ifPresent(EmbeddedLog::close);
        configured.log(RemoteCtLog.class).ifPresent(RemoteCtLog::close);
    }

    private static EmbeddedLog openEmbedded(SignetConfig config, List<X509Certificate> roots,
            InjectableInstance<AgroalDataSource> logDatabase) {
        SignetConfig.Ctlog.Embedded settings = config.ctlog().embedded();
        Path directory = config.dataDir().resolve("ctlog");
        boolean shared = settings.storage() == LogStorageType.POSTGRESQL;
        requireSharedKey(settings.storage(), settings.key());
        String origin = LogOrigin.resolve(settings.origin(), config.publicUrl(), shared);
        EmbeddedLogOptions options = EmbeddedLogOptions.of(directory, origin,
                LogKeys.loadOrGenerate(directory, settings.key()), roots)
                .withPeriod(settings.period())
                .withPoolSize(settings.poolSize())
                .withPoolBytes(poolBytes(settings))
                .withOutsideShare(settings.outsideShare())
                .withAcceptOutside(settings.acceptSubmissions());
        LogStorage storage = switch (settings.storage()) {
            case LOCAL -> new LocalLogStorage(directory, null);
            case POSTGRESQL -> new PostgresLogStorage(logDatabase.get(), "PostgreSQL at "
                    + settings.postgresql().url().map(LogProducer::withoutQuery).orElse("?"));
        };
        return EmbeddedLog.open(options, storage);
    }

    /**
     * A shared log's replicas must all sign with one configured key: generating one per replica
     * would give each its own log identity over the same tree.
     *
     * @throws IllegalArgumentException for the postgresql storage without {@code signet.ctlog.embedded.key}
     */
    static void requireSharedKey(LogStorageType storage, Optional<Path> key) {
        if (storage == LogStorageType.POSTGRESQL && key.isEmpty()) {
            throw new IllegalArgumentException(
                    "signet.ctlog.embedded.storage=postgresql needs signet.ctlog.embedded.key: "
                            + "every replica signs with the same log key, never one generated per replica");
        }
    }

    /** A JDBC URL without its parameters, which may carry credentials, for the logs. */
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** {@code pool-bytes} within 1 MiB (room for the largest chain the log accepts) and 4 GiB. */
    private static long poolBytes(SignetConfig.Ctlog.Embedded settings) {
        long bytes = settings.poolBytes().asLongValue();
        if (bytes < MIN_POOL_BYTES || bytes > MAX_POOL_BYTES) {
            throw new IllegalArgumentException("signet.ctlog.embedded.pool-bytes must be between 1M and 4G: " + bytes);
        }
        return bytes;
    }

    /** The root of every chain Signet publishes (a rotation may switch to another root), then any configured extra roots. */
    private static List<X509Certificate> acceptedRoots(CertificateAuthority ca, Optional<Path> extra) {
        List<X509Certificate> roots = new ArrayList<>();
        for (List<X509Certificate> chain : ca.publishedChains()) {
            X509Certificate root = chain.get(chain.size() - 1);
            if (!roots.contains(root)) {
                roots.add(root);
            }
        }
        extra.ifPresent(path -> roots.addAll(readCertificates(path)));
        return roots;
    }

    private static List<X509Certificate> readCertificates(Path path) {
        try {
            return Pem.certificates(new String(ConfigFiles.read(path), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signet.ctlog.embedded.roots: " + path + ": " + e.getMessage(), e);
        }
    }
}
