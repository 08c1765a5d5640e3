package dev.signet.ca.pkcs11;

import dev.signet.ca.CaMaterial;
import dev.signet.ca.IssuedCertificate;
import dev.signet.ca.Precertificate;
import dev.signet.ca.SigningCa;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.config.SignetConfig;
import dev.signet.error.SignetException;
import java.security.AuthProvider;
import java.security.Provider;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import javax.security.auth.login.LoginException;
import org.jboss.logging.Logger;

/**
 * A CA whose key is in an HSM, reached through the JDK's SunPKCS11 provider; every signature is
 * made by the token and nothing falls back to a software key. After a failed signature (session
 * lost, token gone, HSM restarted) the next attempt, at most once per reconnect interval, connects
 * afresh (new provider, login, key lookup, checks), so signing recovers without a restart.
 */
public final class Pkcs11Ca extends SigningCa implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Pkcs11Ca.class);

    /** Reconnect attempts made with one new provider instance before another is made. */
    static final int ATTEMPTS_PER_PROVIDER = 6;

    private final Pkcs11Settings settings;
    private final Clock clock;
    private final ReentrantLock reconnecting = new ReentrantLock();
    private volatile Instant lastReconnectAttempt = Instant.MIN;
    /** A provider made by a failed attempt, tried again by the next ones (guarded by {@link #reconnecting}). */
    private Provider pendingProvider;
    private int pendingAttempts;

    private Pkcs11Ca(LeafProfile profile, CaMaterial material, Pkcs11Settings settings, Clock clock) {
        super(profile, material);
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Connects to the token and checks the key and chain.
     *
     * @throws SignetException {@code CA_BACKEND} naming the step that failed
     */
    public static Pkcs11Ca open(Pkcs11Settings settings, LeafProfile profile, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        CaMaterial material = Pkcs11Token.connect(settings, clock.instant());
        LOG.infof("PKCS#11 CA connected to %s: issuing certificate %s, chain of %d", Pkcs11Token.describe(settings),
                material.issuingCertificate().getSubjectX500Principal(), material.chain().size());
        return new Pkcs11Ca(profile, material, settings, clock);
    }

    /** The PKCS#11 CA from its configuration properties, validated first; the PIN environment is the process's. */
    public static Pkcs11Ca fromConfig(SignetConfig.Ca.Pkcs11 config, LeafProfile profile, Clock clock) {
        return open(Pkcs11Settings.fromConfig(config, System::getenv), profile, clock);
    }

    @Override
    public IssuedCertificate issue(CertificateIdentity identity, PublicKey subjectKey) {
        reconnectIfFailing();
        return super.issue(identity, subjectKey);
    }

    @Override
    public Precertificate precertificate(CertificateIdentity identity, PublicKey subjectKey) {
        reconnectIfFailing();
        return super.precertificate(identity, subjectKey);
    }

    // finish() signs with the precertificate's own material (same key for both), so it never reconnects.

    @Override
    public void testSignature() {
        reconnectIfFailing();
        super.testSignature();
    }

    /**
     * After a failure, connects afresh and swaps the new material in, unless the last attempt was
     * less than the reconnect interval ago or another thread is already at it (that one's caller
     * does not wait: it signs with the current material and fails fast if the token is still gone).
     *
     * @return true when new material was swapped in
     */
    boolean reconnectIfFailing() {
        if (signingStatus().canSign() || !reconnecting.tryLock()) {
            return false;
        }
        try {
            Instant now = clock.instant();
            if (signingStatus().canSign() || now.isBefore(lastReconnectAttempt.plus(settings.reconnectInterval()))) {
                return false;
            }
            lastReconnectAttempt = now;
            CaMaterial next;
            try {
                next = Pkcs11Token.connect(provider(), settings, now);
            } catch (SignetException e) {
                LOG.warnf("PKCS#11 CA still unavailable, next attempt in %s: %s", settings.reconnectInterval(),
                        e.getMessage());
                return false;
            }
            pendingProvider = null;
            replaceMaterial(next);
            LOG.infof("PKCS#11 CA reconnected to %s", Pkcs11Token.describe(settings));
            return true;
        } finally {
            reconnecting.unlock();
        }
    }

    /**
     * The provider for this attempt: the one a failed attempt made, for up to
     * {@value #ATTEMPTS_PER_PROVIDER} attempts, then a fresh one. Reusing it bounds how many provider
     * instances an outage leaves behind (for a removable token each keeps a thread that waits for the
     * token to come back); replacing it now and then recovers libraries whose sessions only a new
     * provider resets.
     */
    private Provider provider() {
        if (pendingProvider == null || pendingAttempts >= ATTEMPTS_PER_PROVIDER) {
            pendingProvider = null;
            pendingAttempts = 0;
            pendingProvider = Pkcs11Token.provider(settings.config());
        }
        pendingAttempts++;
        return pendingProvider;
    }

    /** Logs out of the token (HSM sessions are closed last, at shutdown). */
    @Override
    public void close() {
        if (material().provider() instanceof AuthProvider provider) {
            try {
                provider.logout();
            } catch (LoginException | RuntimeException e) {
                LOG.debugf("PKCS#11 logout at shutdown failed: %s", e.toString());
            }
        }
    }
}
