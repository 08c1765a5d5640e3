package dev.signet.ca.file;

import dev.signet.ca.CaMaterial;
import dev.signet.ca.SigningCa;
import dev.signet.certificate.LeafProfile;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * A CA whose chain and encrypted key are PEM files. With watching on, a background check every
 * interval reloads the pair when either file changed; the new pair replaces the old atomically
 * only if it passes every startup check, so a half-replaced pair never signs anything.
 */
public final class FileCa extends SigningCa implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FileCa.class);

    private final CaFiles files;
    private final Clock clock;
    private final AtomicLong reloadGeneration = new AtomicLong();
    private final ScheduledExecutorService watcher;
    private byte[] loadedDigest;
    private byte[] rejectedDigest;

    private FileCa(LeafProfile profile, CaFiles files, Clock clock, CaMaterial material, byte[] digest,
            Optional<Duration> watchInterval) {
        super(profile, material);
        this.files = files;
        this.clock = clock;
        this.loadedDigest = digest;
        this.watcher = watchInterval.map(this::startWatching).orElse(null);
    }

    /**
     * Loads and checks the pair named by {@code files}; with {@code watchInterval} present, watches
     * both files for replacement.
     *
     * @throws SignetException {@code CA_BACKEND} naming the file and the problem
     */
    public static FileCa open(CaFiles files, LeafProfile profile, Clock clock, Optional<Duration> watchInterval) {
        Objects.requireNonNull(files, "files");
        watchInterval.ifPresent(interval -> {
            if (interval.isNegative() || interval.isZero()) {
                throw new SignetException(ErrorKind.CA_BACKEND,
                        "signet.ca.file.watch-interval must be positive, got " + interval);
            }
        });
        byte[] chainPem = PemCaReader.read(files.chain(), PemCaReader.MAX_CHAIN_BYTES, "CA certificate chain");
        byte[] keyPem = PemCaReader.read(files.key(), PemCaReader.MAX_KEY_BYTES, "CA private key");
        CaMaterial material = PemCaReader.load(files, chainPem, keyPem, clock.instant());
        LOG.infof("File CA loaded from %s: issuing certificate %s", files.describe(),
                material.issuingCertificate().getSubjectX500Principal());
        return new FileCa(profile, files, clock, material, digest(chainPem, keyPem), watchInterval);
    }

    /**
     * The file CA from its configuration properties: the configured pair when cert, key and
     * password are all set, a generated pair under {@code <dataDir>/ca} when none is.
     *
     * @throws SignetException {@code CA_BACKEND} when only some are set, naming the missing ones
     */
    public static FileCa fromConfig(Optional<Path> cert, Optional<Path> key, Optional<String> password,
            boolean watch, Duration watchInterval, Path dataDir, LeafProfile profile, Clock clock) {
        List<String> missing = new ArrayList<>();
        if (cert.isEmpty()) {
            missing.add("signet.ca.file.cert");
        }
        if (key.isEmpty()) {
            missing.add("signet.ca.file.key");
        }
        if (password.isEmpty() || password.get().isEmpty()) {
            missing.add("signet.ca.file.password");
        }
        CaFiles files;
        if (missing.size() == 3) {
            files = GeneratedCa.ensure(dataDir.resolve(GeneratedCa.DIRECTORY), clock);
        } else if (!missing.isEmpty()) {
            throw new SignetException(ErrorKind.CA_BACKEND, "The file CA is partly configured: "
                    + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " not set. Set signet.ca.file.cert, signet.ca.file.key and signet.ca.file.password together,"
                    + " or none of them to use a CA generated under " + dataDir.resolve(GeneratedCa.DIRECTORY));
        } else {
            files = new CaFiles(cert.get(), key.get(), password.get().toCharArray());
        }
        return open(files, profile, clock, watch ? Optional.of(watchInterval) : Optional.empty());
    }

    /** How many times a changed pair has been loaded and swapped in since startup. */
    public long reloadGeneration() {
        return reloadGeneration.get();
    }

    /**
     * Loads the pair again if either file changed since the last load or rejected attempt, and
     * swaps it in if it passes the checks; otherwise keeps the current pair and logs why.
     *
     * @return true when a new pair was swapped in
     */
    synchronized boolean reloadIfChanged() {
        byte[] chainPem;
        byte[] keyPem;
        try {
            chainPem = PemCaReader.read(files.chain(), PemCaReader.MAX_CHAIN_BYTES, "CA certificate chain");
            keyPem = PemCaReader.read(files.key(), PemCaReader.MAX_KEY_BYTES, "CA private key");
        } catch (SignetException e) {
            // Usually a file in the middle of being replaced; the next check sees the finished state.
            LOG.debugf("CA files not readable for reload, keeping the current pair: %s", e.getMessage());
            return false;
        }
        byte[] digest = digest(chainPem, keyPem);
        if (Arrays.equals(digest, loadedDigest) || Arrays.equals(digest, rejectedDigest)) {
            return false;
        }
        CaMaterial next;
        try {
            next = PemCaReader.load(files, chainPem, keyPem, clock.instant());
        } catch (SignetException e) {
            rejectedDigest = digest;
            LOG.warnf("CA files changed but the new pair is unusable; still signing with the previous pair. %s",
                    e.getMessage());
            return false;
        }
        replaceMaterial(next);
        loadedDigest = digest;
        rejectedDigest = null;
        long generation = reloadGeneration.incrementAndGet();
        LOG.infof("File CA reloaded from %s (generation %d): issuing certificate %s", files.describe(), generation,
                next.issuingCertificate().getSubjectX500Principal());
        return true;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    private ScheduledExecutorService startWatching(Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "signet-ca-file-watch");
            thread.setDaemon(true);
            return thread;
        });
        long nanos = interval.toNanos();
        executor.scheduleWithFixedDelay(this::checkQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
        return executor;
    }

    private void checkQuietly() {
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            // An exception would cancel the schedule; keep watching.
            LOG.warnf("CA file reload check failed: %s", e.toString());
        }
    }

    private static byte[] digest(byte[] chainPem, byte[] keyPem) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            // Length-prefixed so moving bytes from one file to the other changes the digest.
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(chainPem.length).array());
            sha256.update(chainPem);
            sha256.update(keyPem);
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
