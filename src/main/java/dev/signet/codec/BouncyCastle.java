package dev.signet.codec;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance Signet parses, signs and verifies with. Passed explicitly
 * to every JCA call, so nothing depends on global provider registration.
 */
public final class BouncyCastle {

    /** Shared because building a provider instance is slow and it is stateless once built. */
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
