package dev.signet.challenge;

import dev.signet.certificate.MlDsaParameterSet;
import dev.signet.codec.BouncyCastle;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.MLDSASigner;

/** A parsed client key that passed the key policy, with what proof checking needs to know about it. */
sealed interface ClientKey permits ClientKey.Ec, ClientKey.Rsa, ClientKey.Ed25519, ClientKey.MlDsa {

    PublicKey publicKey();

    KeyFamily family();

    /**
     * Curve size, modulus size, 255 for Ed25519, or an ML-DSA parameter set's security strength: the size the
     * algorithm registry is keyed by.
     */
    int bits();

    /** The hash a signed challenge uses with this key: sigstore's default for the key. */
    HashAlgorithm challengeHash();

    /** True if the signature over the message verifies under this key with the given hash. */
    boolean verify(HashAlgorithm hash, byte[] message, byte[] signature);

    /** An ECDSA key on an allowed NIST curve; the point is validated. */
    record Ec(NistCurve curve, ECPublicKeyParameters parameters, PublicKey publicKey) implements ClientKey {
        @Override
        public KeyFamily family() {
            return KeyFamily.EC;
        }

        @Override
        public int bits() {
            return curve.bits();
        }

        @Override
        public HashAlgorithm challengeHash() {
            return curve.challengeHash();
        }

        @Override
        public boolean verify(HashAlgorithm hash, byte[] message, byte[] signature) {
            if (hash == HashAlgorithm.NONE) {
                return false;
            }
            Optional<EcdsaSignature> decoded = EcdsaSignature.decodeCanonical(signature, curve.order());
            if (decoded.isEmpty()) {
                return false;
            }
            // The lightweight signer works on the already validated parameters: no second decoding of the key.
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, parameters);
            return verifier.verifySignature(hash.digest(message), decoded.get().r(), decoded.get().s());
        }
    }

    /** An RSA key that passed the size, exponent and weak-key checks. */
    record Rsa(RSAPublicKey publicKey) implements ClientKey {
        @Override
        public KeyFamily family() {
            return KeyFamily.RSA;
        }

        @Override
        public int bits() {
            return publicKey.getModulus().bitLength();
        }

        @Override
        public HashAlgorithm challengeHash() {
            return HashAlgorithm.SHA256;
        }

        @Override
        public boolean verify(HashAlgorithm hash, byte[] message, byte[] signature) {
            if (hash == HashAlgorithm.NONE) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance(hash.rsaPkcs1SignatureName());
                verifier.initVerify(publicKey);
                verifier.update(message);
                return verifier.verify(signature);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks " + hash.rsaPkcs1SignatureName(), e);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }

    /** An Ed25519 key whose point is canonical, on the curve and not of small order. */
    record Ed25519(PublicKey publicKey) implements ClientKey {
        @Override
        public KeyFamily family() {
            return KeyFamily.ED25519;
        }

        @Override
        public int bits() {
            return 255;
        }

        @Override
        public HashAlgorithm challengeHash() {
            return HashAlgorithm.NONE;
        }

        @Override
        public boolean verify(HashAlgorithm hash, byte[] message, byte[] signature) {
            if (hash != HashAlgorithm.NONE) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance("Ed25519", BouncyCastle.PROVIDER);
                verifier.initVerify(publicKey);
                verifier.update(message);
                return verifier.verify(signature);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Bouncy Castle lacks Ed25519", e);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }

    /**
     * An ML-DSA key of the parameter set its OID names, exactly as long as that set's keys are. Proofs are pure
     * ML-DSA with an empty context (FIPS 204 Algorithm 3), as Sigstore's registry names it; HashML-DSA is refused.
     */
    record MlDsa(MlDsaParameterSet parameterSet, MLDSAPublicKeyParameters parameters, PublicKey publicKey)
            implements
                ClientKey {
        @Override
        public KeyFamily family() {
            return KeyFamily.ML_DSA;
        }

        /** The claimed security strength of FIPS 204 Table 1 (categories 2, 3 and 5), which sets the sets apart. */
        @Override
        public int bits() {
            return switch (parameterSet) {
                case ML_DSA_44 -> 128;
                case ML_DSA_65 -> 192;
                case ML_DSA_87 -> 256;
            };
        }

        @Override
        public HashAlgorithm challengeHash() {
            return HashAlgorithm.NONE;
        }

        @Override
        public boolean verify(HashAlgorithm hash, byte[] message, byte[] signature) {
            // A signature of another length belongs to another set (or to nothing): not worth decoding.
            if (hash != HashAlgorithm.NONE || signature.length != parameterSet.signatureBytes()) {
                return false;
            }
            // Initialised without a context, the signer verifies pure ML-DSA with the empty context.
            MLDSASigner verifier = new MLDSASigner();
            verifier.init(false, parameters);
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        }
    }
}
