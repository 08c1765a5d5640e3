package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.oidc.TokenAlgorithm.KeyFamily;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/**
 * Fuzzes JWKS parsing. Property: usable keys or INVALID_IDENTITY_TOKEN, nothing else; every key
 * returned is of the family it claims, RSA keys are within the size bounds, EC keys are of their
 * curve, and a pinned algorithm fits the key.
 */
class JwksParserFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] document) {
        ProviderKeys keys;
        try {
            keys = JwksParser.parse(document);
        } catch (SignetException e) {
            assertSame(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
            return;
        }
        assertFalse(keys.keys().isEmpty());
        assertTrue(keys.keys().size() <= JwksParser.MAX_KEYS);
        for (ProviderKey key : keys.keys()) {
            assertTrue(key.kid() == null || key.kid().length() <= 256);
            assertTrue(key.algorithm() == null || key.algorithm().keyFamily() == key.family());
            switch (key.family()) {
                case RSA -> {
                    RSAPublicKey rsa = (RSAPublicKey) key.publicKey();
                    int bits = rsa.getModulus().bitLength();
                    assertTrue(bits >= JwksParser.MIN_RSA_BITS && bits <= JwksParser.MAX_RSA_BITS);
                }
                case EC_P256, EC_P384, EC_P521 -> {
                    ECPublicKey ec = (ECPublicKey) key.publicKey();
                    int expected =
                            key.family() == KeyFamily.EC_P256 ? 256 : key.family() == KeyFamily.EC_P384 ? 384 : 521;
                    assertEquals(expected, ec.getParams().getCurve().getField().getFieldSize());
                }
                case ED25519 -> assertTrue(Set.of("EdDSA", "Ed25519").contains(key.publicKey().getAlgorithm()));
                default -> throw new AssertionError(key.family());
            }
        }
    }
}
