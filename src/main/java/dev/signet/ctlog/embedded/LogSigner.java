package dev.signet.ctlog.embedded;

import dev.signet.ctlog.DigitallySigned;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.Sha256;
import java.io.IOException;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * Signs with the log key: ECDSA P-256 over SHA-256 with RFC 6979 deterministic nonces, so the same
 * input always gives the same signature (a re-issued SCT is byte-identical). Thread-safe.
 */
public final class LogSigner {
    private final ECPrivateKeyParameters privateKey;
    private final LogIdentity identity;

    public LogSigner(KeyPair keyPair) {
        if (!(keyPair.getPublic() instanceof ECPublicKey publicKey)
                || publicKey.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("the log key must be ECDSA P-256");
        }
        try {
            this.privateKey = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(keyPair.getPrivate());
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("the log key is not a usable EC private key", e);
        }
        this.identity = LogIdentity.of(keyPair.getPublic());
    }

    public LogIdentity identity() {
        return identity;
    }

    /** The {@code DigitallySigned} ECDSA-SHA256 signature over {@code message}. */
    public DigitallySigned sign(byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, privateKey);
        BigInteger[] rs = signer.generateSignature(Sha256.hash(message));
        try {
            return DigitallySigned.ecdsaSha256(new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]),
                    new ASN1Integer(rs[1])}).getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
        }
    }
}
