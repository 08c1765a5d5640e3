package dev.signet.ca;

import dev.signet.codec.BouncyCastle;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.security.Signature;
import java.security.SignatureException;
import org.bouncycastle.operator.OperatorException;
import org.bouncycastle.operator.RuntimeOperatorException;

/** The readiness probe's signature, and how to tell a failing CA key from other issuance failures. */
public final class TestSignature {

    private static final byte[] MESSAGE = "signet CA readiness probe".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CAUSES = 16;

    private TestSignature() {
    }

    /**
     * Signs a fixed message with the material's key through its provider and verifies the signature
     * in software with the issuing certificate's public key.
     *
     * @throws GeneralSecurityException when the key cannot sign or the signature does not verify
     */
    public static void make(CaMaterial material) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(material.algorithm().jcaName(), material.provider());
        signer.initSign(material.signingKey());
        signer.update(MESSAGE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(material.algorithm().jcaName(), BouncyCastle.PROVIDER);
        verifier.initVerify(material.issuingCertificate().getPublicKey());
        verifier.update(MESSAGE);
        if (!verifier.verify(signature)) {
            throw new SignatureException("test signature does not verify with the issuing certificate's public key");
        }
    }

    /**
     * Whether {@code failure} came from the signature itself (the JCA provider or the key), as
     * opposed to building the certificate: only those may turn readiness DOWN, so a request that
     * trips a bug in certificate building cannot take Signet out of service.
     */
    public static boolean isKeyFailure(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof GeneralSecurityException || cause instanceof ProviderException
                    || cause instanceof OperatorException || cause instanceof RuntimeOperatorException) {
                return true;
            }
        }
        return false;
    }
}
