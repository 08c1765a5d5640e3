package dev.signet.ca;

import dev.signet.certificate.LeafProfile;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/** A software CA whose material a test can swap, e.g. for a key that cannot sign, and back. */
public final class SwitchableCa extends SigningCa {
    public SwitchableCa(CaMaterial material) {
        super(new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(), new SecureRandom()), material);
    }

    public void use(CaMaterial next) {
        replaceMaterial(next);
    }
}
