package dev.signet.ca;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one Bouncy Castle provider instance the CA signs and verifies with, registered or not. */
public final class BouncyCastle {

    /** Shared because building a provider instance is slow and it is stateless once built. */
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
