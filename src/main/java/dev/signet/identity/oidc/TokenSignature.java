package dev.signet.identity.oidc;

import dev.signet.codec.BouncyCastle;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;

/**
 * Checks a compact JWS's signature with the provider that is fast for its key: Bouncy Castle for
 * ECDSA (the JDK 17 EC provider is an order of magnitude slower, and would be picked by provider
 * order), the JDK for RSA and Ed25519. ECDSA signatures are JOSE's fixed-length R||S, checked for
 * exact length by the {@code PLAIN-ECDSA} verifier. A new {@link Signature} per call: thread-safe.
 */
final class TokenSignature {

    private TokenSignature() {
    }

    /** Whether {@code key} made the token's signature with {@code alg}; false for any malformed input. */
    static boolean verifies(String compactJws, ProviderKey key, TokenAlgorithm alg) {
        int lastDot = compactJws.lastIndexOf('.');
        if (lastDot <= 0 || lastDot == compactJws.length() - 1) {
            return false;
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(compactJws.substring(lastDot + 1));
            Signature verifier = verifier(alg);
            verifier.initVerify(key.publicKey());
            verifier.update(compactJws.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A signature of the wrong length or encoding is a signature that does not verify.
            return false;
        }
    }

    private static Signature verifier(TokenAlgorithm alg) throws GeneralSecurityException {
        return switch (alg) {
            case RS256 -> Signature.getInstance("SHA256withRSA");
            case RS384 -> Signature.getInstance("SHA384withRSA");
            case RS512 -> Signature.getInstance("SHA512withRSA");
            case PS256 -> pss("SHA-256", MGF1ParameterSpec.SHA256, 32);
            case PS384 -> pss("SHA-384", MGF1ParameterSpec.SHA384, 48);
            case PS512 -> pss("SHA-512", MGF1ParameterSpec.SHA512, 64);
            case ES256 -> Signature.getInstance("SHA256withPLAIN-ECDSA", BouncyCastle.PROVIDER);
            case ES384 -> Signature.getInstance("SHA384withPLAIN-ECDSA", BouncyCastle.PROVIDER);
            case ES512 -> Signature.getInstance("SHA512withPLAIN-ECDSA", BouncyCastle.PROVIDER);
            case EdDSA -> Signature.getInstance("Ed25519");
        };
    }

    private static Signature pss(String hash, MGF1ParameterSpec mgf, int saltLength) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("RSASSA-PSS");
        signature.setParameter(new PSSParameterSpec(hash, "MGF1", mgf, saltLength, 1));
        return signature;
    }
}
