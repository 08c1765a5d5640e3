package dev.signet.challenge;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The package's own Bouncy Castle provider, so that nothing here depends on global provider registration. */
final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
