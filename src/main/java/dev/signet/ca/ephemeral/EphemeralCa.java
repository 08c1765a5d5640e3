package dev.signet.ca.ephemeral;

import dev.signet.ca.CaCertificates;
import dev.signet.ca.CaMaterial;
import dev.signet.ca.CaMaterialCheck;
import dev.signet.ca.SigningCa;
import dev.signet.certificate.LeafProfile;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A CA whose key lives only in memory: a fresh P-256 self-signed root on every start, which is
 * also the issuing certificate. Clients must re-fetch the trust bundle after each restart, so this
 * is for tests and trying Signet only.
 */
public final class EphemeralCa extends SigningCa {

    private static final Logger LOG = Logger.getLogger(EphemeralCa.class);

    /** Lifetime of the generated root. */
    public static final Duration ROOT_LIFETIME = Duration.ofDays(3650);

    public EphemeralCa(LeafProfile profile, Clock clock) {
        super(profile, generate(clock));
        LOG.warn("Using the ephemeral CA: its key is in memory only and changes on every restart. "
                + "For tests and development only; set signet.ca.type=file for anything else.");
    }

    private static CaMaterial generate(Clock clock) {
        SecureRandom random = new SecureRandom();
        KeyPair keys = CaCertificates.ecKeyPair("secp256r1", random);
        X509Certificate root = CaCertificates.root(keys, CaCertificates.name("Signet Ephemeral Root", "Signet"),
                clock.instant(), ROOT_LIFETIME, 1, random);
        return CaMaterialCheck.check(keys.getPrivate(), List.of(root), clock.instant(), "the ephemeral CA");
    }
}
