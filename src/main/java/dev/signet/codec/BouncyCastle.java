package dev.signet.codec;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
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

    /**
     * {@code key} as Bouncy Castle's own key object, for a key that verifies many signatures: Bouncy
     * Castle converts another provider's key on every initVerify and caches a point's validation and
     * multiplication tables only on its own keys.
     *
     * @throws IllegalArgumentException when Bouncy Castle cannot read the key
     */
    public static PublicKey providerKey(PublicKey key) {
        try {
            return KeyFactory.getInstance(key.getAlgorithm(), PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Bouncy Castle cannot read the " + key.getAlgorithm() + " key", e);
        }
    }
}
