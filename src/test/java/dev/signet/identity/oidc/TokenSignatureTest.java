package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.identity.oidc.TokenAlgorithm.KeyFamily;
import dev.signet.testing.TestOidcIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TokenSignatureTest {
    private static final TestOidcIssuer ISSUER = new TestOidcIssuer();
    private static final ProviderKey RSA = new ProviderKey("rsa-1", KeyFamily.RSA, null,
            ISSUER.rsaKey().getPublicKey());
    private static final ProviderKey EC = new ProviderKey("ec-1", KeyFamily.EC_P256, null,
            ISSUER.ecKey().getPublicKey());

    @AfterAll
    static void close() {
        ISSUER.close();
    }

    private static String token(String alg) {
        return ISSUER.token().issuer("https://issuer.example").algorithm(alg).sign();
    }

    @Test
    void rs256Ps256AndEs256VerifyWithTheirKeys() {
        assertTrue(TokenSignature.verifies(token("RS256"), RSA, TokenAlgorithm.RS256));
        assertTrue(TokenSignature.verifies(token("PS256"), RSA, TokenAlgorithm.PS256));
        assertTrue(TokenSignature.verifies(token("ES256"), EC, TokenAlgorithm.ES256));
    }

    @Test
    void aTamperedPayloadOrAnotherAlgorithmDoesNotVerify() {
        String token = token("ES256");
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertFalse(TokenSignature.verifies(tampered, EC, TokenAlgorithm.ES256));
        assertFalse(TokenSignature.verifies(token("RS256"), RSA, TokenAlgorithm.PS256));
        assertFalse(TokenSignature.verifies(token("RS256"), EC, TokenAlgorithm.ES256));
    }

    @Test
    void anEcdsaSignatureOfTheWrongLengthDoesNotVerify() {
        String token = token("ES256");
        // A DER-style or truncated signature must not pass: JOSE's R||S has exactly 64 bytes for P-256.
        String truncated = token.substring(0, token.length() - 4);
        assertFalse(TokenSignature.verifies(truncated, EC, TokenAlgorithm.ES256));
        assertFalse(TokenSignature.verifies(token.substring(0, token.lastIndexOf('.') + 1), EC, TokenAlgorithm.ES256));
        assertFalse(TokenSignature.verifies("no-dots-at-all", EC, TokenAlgorithm.ES256));
    }
}
