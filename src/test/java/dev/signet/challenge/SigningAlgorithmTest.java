package dev.signet.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SigningAlgorithmTest {

    @Test
    void configNamesAreFulciosFlagValues() {
        List<String> expected = List.of("ecdsa-sha2-256-nistp256", "ecdsa-sha2-384-nistp384",
                "ecdsa-sha2-512-nistp521", "ecdsa-sha2-256-nistp384", "ecdsa-sha2-256-nistp521",
                "rsa-sign-pkcs1-2048-sha256", "rsa-sign-pkcs1-3072-sha256", "rsa-sign-pkcs1-4096-sha256",
                "rsa-sign-pss-2048-sha256", "rsa-sign-pss-3072-sha256", "rsa-sign-pss-4096-sha256", "ed25519",
                "ed25519-ph", "ml-dsa-44", "ml-dsa-65", "ml-dsa-87");
        SigningAlgorithm[] values = SigningAlgorithm.values();
        assertEquals(expected.size(), values.length);
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected.get(i), values[i].configName());
            assertEquals(Optional.of(values[i]), SigningAlgorithm.fromConfigName(expected.get(i)));
        }
    }

    @Test
    void unknownNamesAreNotGuessed() {
        assertEquals(Optional.empty(), SigningAlgorithm.fromConfigName("ECDSA-SHA2-256-NISTP256"));
        assertEquals(Optional.empty(), SigningAlgorithm.fromConfigName(" ed25519"));
        assertEquals(Optional.empty(), SigningAlgorithm.fromConfigName("ML-DSA-65"));
        assertEquals(Optional.empty(), SigningAlgorithm.fromConfigName("mldsa65"));
        assertEquals(Optional.empty(), SigningAlgorithm.fromConfigName(null));
    }

    @Test
    void defaultsAreFulcios() {
        assertEquals(EnumSet.of(SigningAlgorithm.ECDSA_SHA2_256_NISTP256, SigningAlgorithm.ECDSA_SHA2_384_NISTP384,
                SigningAlgorithm.ECDSA_SHA2_512_NISTP521, SigningAlgorithm.RSA_SIGN_PKCS1_2048_SHA256,
                SigningAlgorithm.RSA_SIGN_PKCS1_3072_SHA256, SigningAlgorithm.RSA_SIGN_PKCS1_4096_SHA256,
                SigningAlgorithm.ED25519), SigningAlgorithm.defaults());
    }

    @Test
    void proofsMapToTheRegistry() {
        assertEquals(Optional.of(SigningAlgorithm.ECDSA_SHA2_256_NISTP521),
                SigningAlgorithm.forProof(KeyFamily.EC, 521, HashAlgorithm.SHA256));
        assertEquals(Optional.empty(), SigningAlgorithm.forProof(KeyFamily.EC, 521, HashAlgorithm.SHA384));
        assertEquals(Optional.of(SigningAlgorithm.RSA_SIGN_PKCS1_3072_SHA256),
                SigningAlgorithm.forProof(KeyFamily.RSA, 3072, HashAlgorithm.SHA256));
        assertEquals(Optional.of(SigningAlgorithm.ED25519),
                SigningAlgorithm.forProof(KeyFamily.ED25519, 255, HashAlgorithm.NONE));
        assertEquals(Optional.of(SigningAlgorithm.ML_DSA_65),
                SigningAlgorithm.forProof(KeyFamily.ML_DSA, 192, HashAlgorithm.NONE));
        assertEquals(Optional.empty(), SigningAlgorithm.forProof(KeyFamily.ML_DSA, 192, HashAlgorithm.SHA512));
        // PSS and Ed25519ph exist for configuration but no proof ever produces them.
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            for (KeyFamily family : KeyFamily.values()) {
                for (int bits : new int[] {255, 256, 384, 521, 2048, 3072, 4096}) {
                    for (HashAlgorithm hash : HashAlgorithm.values()) {
                        Optional<SigningAlgorithm> found = SigningAlgorithm.forProof(family, bits, hash);
                        assertTrue(found.isEmpty() || !found.get().configName().contains("pss")
                                && found.get() != SigningAlgorithm.ED25519_PH);
                    }
                }
            }
        }
    }

    @Test
    void anEmptyAllowListIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new ProofVerifier(EnumSet.noneOf(SigningAlgorithm.class)));
    }
}
