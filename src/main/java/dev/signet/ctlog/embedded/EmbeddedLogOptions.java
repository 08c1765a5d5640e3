package dev.signet.ctlog.embedded;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Everything an {@link EmbeddedLog} is built from.
 *
 * @param directory the log's data directory ({@code <signet.data-dir>/ctlog})
 * @param origin the checkpoint origin and note key name: the submission prefix without scheme
 * @param key the ECDSA P-256 log key (see {@link LogKeys})
 * @param roots the accepted roots: every chain must end in (or be issued by) one of them
 * @param period how long submissions pool before one flush sequences them all
 * @param poolSize most submissions waiting in one pool; beyond it submissions fail with LOG_BUSY
 * @param poolBytes most bytes of certificates the waiting submissions may hold; beyond it LOG_BUSY
 * @param outsideShare the part of {@code poolSize} and {@code poolBytes} that outside submissions
 *     (the public endpoints) may fill, in (0, 1]; Signet's own may fill the whole pool
 * @param acceptOutside whether outside submissions are taken at all
 * @param submitTimeout how long a submission waits for its entry to be published
 * @param clock source of SCT and checkpoint timestamps
 * @param storage where tiles, issuers and the checkpoint go; null means files under {@code directory}
 */
public record EmbeddedLogOptions(Path directory, String origin, KeyPair key, List<X509Certificate> roots,
        Duration period, int poolSize, long poolBytes, double outsideShare, boolean acceptOutside,
        Duration submitTimeout, Clock clock, Storage storage) {
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(250);
    public static final int DEFAULT_POOL_SIZE = 4096;
    public static final long DEFAULT_POOL_BYTES = 32L * 1024 * 1024;
    public static final double DEFAULT_OUTSIDE_SHARE = 0.5;
    public static final Duration DEFAULT_SUBMIT_TIMEOUT = Duration.ofSeconds(10);

    public EmbeddedLogOptions {
        roots = List.copyOf(roots);
        if (origin.isEmpty() || origin.contains("\n") || origin.contains(" ") || origin.contains("://")
                || origin.endsWith("/")) {
            throw new IllegalArgumentException("origin must be a schemeless prefix with no trailing slash: " + origin);
        }
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("the log needs at least one accepted root");
        }
        if (period.toMillis() < 1 || poolSize < 1 || poolBytes < 1 || submitTimeout.isNegative()
                || submitTimeout.isZero()) {
            throw new IllegalArgumentException("period, pool size, pool bytes and submit timeout must be positive");
        }
        if (!(outsideShare > 0 && outsideShare <= 1)) {
            throw new IllegalArgumentException("the outside share must be above 0 and at most 1: " + outsideShare);
        }
    }

    /** Options with the default period, pool caps, timeout, system clock and file storage, taking outside submissions. */
    public static EmbeddedLogOptions of(Path directory, String origin, KeyPair key, List<X509Certificate> roots) {
        return new EmbeddedLogOptions(directory, origin, key, roots, DEFAULT_PERIOD, DEFAULT_POOL_SIZE,
                DEFAULT_POOL_BYTES, DEFAULT_OUTSIDE_SHARE, true, DEFAULT_SUBMIT_TIMEOUT, Clock.systemUTC(), null);
    }

    public EmbeddedLogOptions withPeriod(Duration newPeriod) {
        return new EmbeddedLogOptions(directory, origin, key, roots, newPeriod, poolSize, poolBytes, outsideShare,
                acceptOutside, submitTimeout, clock, storage);
    }

    public EmbeddedLogOptions withPoolSize(int newPoolSize) {
        return new EmbeddedLogOptions(directory, origin, key, roots, period, newPoolSize, poolBytes, outsideShare,
                acceptOutside, submitTimeout, clock, storage);
    }

    public EmbeddedLogOptions withPoolBytes(long newPoolBytes) {
        return new EmbeddedLogOptions(directory, origin, key, roots, period, poolSize, newPoolBytes, outsideShare,
                acceptOutside, submitTimeout, clock, storage);
    }

    public EmbeddedLogOptions withOutsideShare(double newShare) {
        return new EmbeddedLogOptions(directory, origin, key, roots, period, poolSize, poolBytes, newShare,
                acceptOutside, submitTimeout, clock, storage);
    }

    public EmbeddedLogOptions withAcceptOutside(boolean accept) {
        return new EmbeddedLogOptions(directory, origin, key, roots, period, poolSize, poolBytes, outsideShare,
                accept, submitTimeout, clock, storage);
    }

    public EmbeddedLogOptions withSubmitTimeout(Duration newTimeout) {
        return new EmbeddedLogOptions(directory, origin, key, roots, period, poolSize, poolBytes, outsideShare,
                acceptOutside, newTimeout, clock, storage);
    }

    public EmbeddedLogOptions withClock(Clock newClock) {
        return new EmbeddedLogOptions(directory, origin, key, roots, period, poolSize, poolBytes, outsideShare,
                acceptOutside, submitTimeout, newClock, storage);
    }

    public EmbeddedLogOptions withStorage(Storage newStorage) {
        return new EmbeddedLogOptions(directory, origin, key, roots, period, poolSize, poolBytes, outsideShare,
                acceptOutside, submitTimeout, clock, newStorage);
    }
}
