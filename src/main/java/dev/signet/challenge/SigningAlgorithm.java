package dev.signet.challenge;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Fulcio's --client-signing-algorithms registry, with the ML-DSA names of Sigstore's algorithm registry. */
public enum SigningAlgorithm {
    ECDSA_SHA2_256_NISTP256("ecdsa-sha2-256-nistp256", KeyFamily.EC, 256, HashAlgorithm.SHA256, true),
    ECDSA_SHA2_384_NISTP384("ecdsa-sha2-384-nistp384", KeyFamily.EC, 384, HashAlgorithm.SHA384, true),
    ECDSA_SHA2_512_NISTP521("ecdsa-sha2-512-nistp521", KeyFamily.EC, 521, HashAlgorithm.SHA512, true),
    ECDSA_SHA2_256_NISTP384("ecdsa-sha2-256-nistp384", KeyFamily.EC, 384, HashAlgorithm.SHA256, true),
    ECDSA_SHA2_256_NISTP521("ecdsa-sha2-256-nistp521", KeyFamily.EC, 521, HashAlgorithm.SHA256, true),
    RSA_SIGN_PKCS1_2048_SHA256("rsa-sign-pkcs1-2048-sha256", KeyFamily.RSA, 2048, HashAlgorithm.SHA256, true),
    RSA_SIGN_PKCS1_3072_SHA256("rsa-sign-pkcs1-3072-sha256", KeyFamily.RSA, 3072, HashAlgorithm.SHA256, true),
    RSA_SIGN_PKCS1_4096_SHA256("rsa-sign-pkcs1-4096-sha256", KeyFamily.RSA, 4096, HashAlgorithm.SHA256, true),
    // Recognised for configuration only: a signed challenge never uses PSS and PSS-signed CSRs are refused.
    RSA_SIGN_PSS_2048_SHA256("rsa-sign-pss-2048-sha256", KeyFamily.RSA, 2048, HashAlgorithm.SHA256, false),
    RSA_SIGN_PSS_3072_SHA256("rsa-sign-pss-3072-sha256", KeyFamily.RSA, 3072, HashAlgorithm.SHA256, false),
    RSA_SIGN_PSS_4096_SHA256("rsa-sign-pss-4096-sha256", KeyFamily.RSA, 4096, HashAlgorithm.SHA256, false),
    ED25519("ed25519", KeyFamily.ED25519, 255, HashAlgorithm.NONE, true),
    // Recognised for configuration only: proofs use pure Ed25519.
    ED25519_PH("ed25519-ph", KeyFamily.ED25519, 255, HashAlgorithm.SHA512, false),
    // Experimental, beyond Fulcio: pure ML-DSA (FIPS 204), keyed by each set's security strength; never a default.
    ML_DSA_44("ml-dsa-44", KeyFamily.ML_DSA, 128, HashAlgorithm.NONE, true),
    ML_DSA_65("ml-dsa-65", KeyFamily.ML_DSA, 192, HashAlgorithm.NONE, true),
    ML_DSA_87("ml-dsa-87", KeyFamily.ML_DSA, 256, HashAlgorithm.NONE, true);

    private static final Set<SigningAlgorithm> DEFAULTS = Collections.unmodifiableSet(EnumSet.of(
            ECDSA_SHA2_256_NISTP256, ECDSA_SHA2_384_NISTP384, ECDSA_SHA2_512_NISTP521,
            RSA_SIGN_PKCS1_2048_SHA256, RSA_SIGN_PKCS1_3072_SHA256, RSA_SIGN_PKCS1_4096_SHA256, ED25519));

    private final String configName;
    private final KeyFamily family;
    private final int keyBits;
    private final HashAlgorithm hash;
    private final boolean provable;

    SigningAlgorithm(String configName, KeyFamily family, int keyBits, HashAlgorithm hash, boolean provable) {
        this.configName = configName;
        this.family = family;
        this.keyBits = keyBits;
        this.hash = hash;
        this.provable = provable;
    }

    /** The value as written in Fulcio's --client-signing-algorithms flag, e.g. "ecdsa-sha2-256-nistp256". */
    public String configName() {
        return configName;
    }

    /** The algorithm with exactly this Fulcio flag value, if any. */
    public static Optional<SigningAlgorithm> fromConfigName(String name) {
        for (SigningAlgorithm algorithm : values()) {
            if (algorithm.configName.equals(name)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** Fulcio's default allow-list. */
    public static Set<SigningAlgorithm> defaults() {
        return DEFAULTS;
    }

    /** The registry entry a proof made with this key and hash corresponds to, if the registry has one. */
    static Optional<SigningAlgorithm> forProof(KeyFamily family, int keyBits, HashAlgorithm hash) {
        for (SigningAlgorithm algorithm : values()) {
            if (algorithm.provable && algorithm.family == family && algorithm.keyBits == keyBits
                    && algorithm.hash == hash) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
