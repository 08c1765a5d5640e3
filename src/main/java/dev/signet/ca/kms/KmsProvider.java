package dev.signet.ca.kms;

import dev.signet.ca.CaSignatureAlgorithm;
import dev.signet.codec.BouncyCastle;
import java.io.Serial;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.List;
import java.util.Map;

/**
 * A JCA provider whose signatures are made by a KMS: the message is hashed here, the KMS signs the
 * digest, and the signature is verified here with the KMS's public key before it is returned, so a
 * KMS that answers with a bad signature is caught before anything signed leaves Signet. Being a
 * provider, it signs wherever the file and PKCS#11 keys do: the startup checks, the readiness
 * probe, leaves and the {@code ca} tool's certificates.
 */
public final class KmsProvider extends Provider {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final Map<CaSignatureAlgorithm, String> DIGESTS = Map.of(
            CaSignatureAlgorithm.ECDSA_P256, "SHA-256",
            CaSignatureAlgorithm.ECDSA_P384, "SHA-384",
            CaSignatureAlgorithm.ECDSA_P521, "SHA-512",
            CaSignatureAlgorithm.RSA, "SHA-256");

    /** The one instance; it holds no key, each signature gets its {@link KmsSigningKey}. */
    public static final KmsProvider INSTANCE = new KmsProvider();

    private KmsProvider() {
        super("SignetKMS", "1.0", "Signatures made by a cloud KMS (Signet's kms CA)");
        for (CaSignatureAlgorithm algorithm : DIGESTS.keySet()) {
            putService(new KmsSignatureService(this, algorithm));
        }
    }

    /** The hash {@code algorithm} signs, fresh: the KMS signs its digest, never the message. */
    static MessageDigest digest(CaSignatureAlgorithm algorithm) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance(DIGESTS.get(algorithm));
    }

    /** Whether a KMS key can sign certificates with {@code algorithm} through this provider. */
    public static boolean supports(CaSignatureAlgorithm algorithm) {
        return DIGESTS.containsKey(algorithm);
    }

    private static final class KmsSignatureService extends Service {

        private final CaSignatureAlgorithm algorithm;

        KmsSignatureService(Provider provider, CaSignatureAlgorithm algorithm) {
            super(provider, "Signature", algorithm.jcaName(), KmsSignature.class.getName(), List.of(), Map.of());
            this.algorithm = algorithm;
        }

        @Override
        public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
            return new KmsSignature(algorithm);
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return parameter instanceof KmsSigningKey;
        }
    }

    /** Sign only: verification is the software providers' job. */
    static final class KmsSignature extends SignatureSpi {

        private final CaSignatureAlgorithm algorithm;
        private final MessageDigest digest;
        private KmsSigningKey key;
        private Signature check;

        KmsSignature(CaSignatureAlgorithm algorithm) throws NoSuchAlgorithmException {
            this.algorithm = algorithm;
            this.digest = digest(algorithm);
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            if (!(privateKey instanceof KmsSigningKey kmsKey)) {
                throw new InvalidKeyException("the SignetKMS provider signs only with a KMS key");
            }
            if (kmsKey.algorithm() != algorithm) {
                throw new InvalidKeyException("the KMS key " + kmsKey.key().reference() + " signs with "
                        + kmsKey.algorithm() + ", not " + algorithm);
            }
            try {
                check = Signature.getInstance(algorithm.jcaName(), BouncyCastle.PROVIDER);
                check.initVerify(kmsKey.verificationKey());
            } catch (GeneralSecurityException e) {
                throw new InvalidKeyException("the KMS key's public key cannot verify " + algorithm, e);
            }
            key = kmsKey;
            digest.reset();
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            throw new InvalidKeyException("the SignetKMS provider only signs");
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            engineUpdate(new byte[] {b}, 0, 1);
        }

        @Override
        protected void engineUpdate(byte[] bytes, int offset, int length) throws SignatureException {
            if (key == null) {
                throw new SignatureException("not initialised for signing");
            }
            digest.update(bytes, offset, length);
            check.update(bytes, offset, length);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            if (key == null) {
                throw new SignatureException("not initialised for signing");
            }
            byte[] signature = key.signDigest(digest.digest());
            boolean valid;
            try {
                valid = check.verify(signature);
            } catch (SignatureException e) {
                valid = false;
            }
            if (!valid) {
                throw new SignatureException("the KMS returned a signature that does not verify with "
                        + key.key().reference() + "'s public key");
            }
            return signature;
        }

        @Override
        protected boolean engineVerify(byte[] signature) throws SignatureException {
            throw new SignatureException("the SignetKMS provider only signs");
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new InvalidParameterException("no parameters");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new InvalidParameterException("no parameters");
        }
    }
}
