package dev.signet.challenge;

import dev.signet.certificate.MlDsaParameterSet;
import dev.signet.codec.BouncyCastle;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPublicKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The weak-key policy (sigstore goodkey / Boulder): which keys are acceptable at all, checked while the key
 * object is built so that no unchecked key ever leaves this class. Failures are INSECURE_PUBLIC_KEY.
 */
final class KeyPolicy {
    static final BigInteger RSA_EXPONENT = BigInteger.valueOf(65537);
    static final int ED25519_KEY_BYTES = 32;

    private static final BigInteger ED25519_P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    // y of the points of order 8 (the other one is p minus this): their double is (+-sqrt(-1), 0), so x^2 = -y^2
    // and the curve equation becomes d*y^4 + 2*y^2 - 1 = 0.
    static final BigInteger ED25519_ORDER8_Y = new BigInteger(
            "2707385501144840649318225287225658788936804267575313519463743609750303402022");
    private static final BigInteger[] ED25519_SMALL_ORDER_Y = {
            BigInteger.ZERO, // order 4
            BigInteger.ONE, // the neutral element
            ED25519_P.subtract(BigInteger.ONE), // order 2
            ED25519_ORDER8_Y,
            ED25519_P.subtract(ED25519_ORDER8_Y),
    };

    private KeyPolicy() {
    }

    /** An EC key: named P-256/P-384/P-521 only, uncompressed point, fully validated by Bouncy Castle. */
    static ClientKey.Ec ecKey(ASN1Encodable curveParameters, byte[] point, ErrorKind malformed) {
        if (!(curveParameters instanceof ASN1ObjectIdentifier curveOid)) {
            throw insecure("EC key without a named curve (explicit or implicit parameters)");
        }
        NistCurve curve = NistCurve.fromOid(curveOid)
                .orElseThrow(() -> insecure("EC curve " + curveOid.getId() + " is not allowed"));
        if (point.length == 1 && point[0] == 0) {
            throw insecure("EC key is the point at infinity");
        }
        if (point.length != curve.uncompressedPointLength() || point[0] != 0x04) {
            throw new SignetException(malformed, "EC point is not an uncompressed " + curve + " point");
        }
        ECPublicKeyParameters parameters;
        try {
            // Bouncy Castle refuses coordinates >= p, points off the curve and infinity here; SunEC would not.
            ECPoint q = curve.curve().decodePoint(point);
            parameters = new ECPublicKeyParameters(q, curve.domain());
        } catch (RuntimeException e) {
            throw new SignetException(ErrorKind.INSECURE_PUBLIC_KEY, "EC point is invalid for " + curve, e);
        }
        PublicKey key = new BCECPublicKey("EC", parameters, curve.spec(), BouncyCastleProvider.CONFIGURATION);
        return new ClientKey.Ec(curve, parameters, key);
    }

    /** An RSA key: 2048/3072/4096 bits, e = 65537, no small factor, not Fermat-factorable, no ROCA fingerprint. */
    static ClientKey.Rsa rsaKey(BigInteger modulus, BigInteger exponent) {
        int bits = modulus.bitLength();
        if (bits != 2048 && bits != 3072 && bits != 4096) {
            throw insecure("RSA modulus of " + bits + " bits; only 2048, 3072 and 4096 are allowed");
        }
        if (!exponent.equals(RSA_EXPONENT)) {
            throw insecure("RSA public exponent is not 65537");
        }
        if (RsaWeakKeyChecks.hasSmallPrimeFactor(modulus)) {
            throw insecure("RSA modulus has a small prime factor");
        }
        if (RocaFingerprint.matches(modulus)) {
            throw insecure("RSA modulus has the ROCA (Infineon) fingerprint");
        }
        if (RsaWeakKeyChecks.hasFermatFactors(modulus)) {
            throw insecure("RSA modulus has prime factors too close together");
        }
        try {
            RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(modulus, exponent));
            return new ClientKey.Rsa(key);
        } catch (GeneralSecurityException e) {
            throw new SignetException(ErrorKind.INSECURE_PUBLIC_KEY, "the JDK refused the RSA key", e);
        }
    }

    /** An Ed25519 key: exactly 32 bytes, canonical, on the curve, not a small-order point. */
    static ClientKey.Ed25519 ed25519Key(byte[] key, byte[] subjectPublicKeyInfo) {
        if (key.length != ED25519_KEY_BYTES) {
            throw insecure("Ed25519 key of " + key.length + " bytes");
        }
        BigInteger y = littleEndianY(key);
        if (y.compareTo(ED25519_P) >= 0) {
            throw insecure("Ed25519 key is not canonically encoded");
        }
        for (BigInteger smallOrderY : ED25519_SMALL_ORDER_Y) {
            if (y.equals(smallOrderY)) {
                throw insecure("Ed25519 key is a small-order point");
            }
        }
        try {
            // Bouncy Castle decodes the point here and refuses y values with no x on the curve.
            PublicKey publicKey = KeyFactory.getInstance("Ed25519", BouncyCastle.PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
            return new ClientKey.Ed25519(publicKey);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SignetException(ErrorKind.INSECURE_PUBLIC_KEY, "Ed25519 point is invalid", e);
        }
    }

    /**
     * An ML-DSA key: exactly as long as a key of the set its OID names (FIPS 204 pkEncode). Any such bytes decode to
     * a key, so there is no weak-key check; the JCA key must re-encode to the SubjectPublicKeyInfo as sent, so that
     * the certificate carries the client's bytes.
     */
    static ClientKey.MlDsa mlDsaKey(MlDsaParameterSet set, byte[] key, byte[] subjectPublicKeyInfo,
            ErrorKind malformed) {
        if (key.length != set.publicKeyBytes()) {
            throw new SignetException(malformed, set + " key of " + key.length + " bytes, not " + set.publicKeyBytes());
        }
        MLDSAParameters parameters = switch (set) {
            case ML_DSA_44 -> MLDSAParameters.ml_dsa_44;
            case ML_DSA_65 -> MLDSAParameters.ml_dsa_65;
            case ML_DSA_87 -> MLDSAParameters.ml_dsa_87;
        };
        PublicKey publicKey;
        try {
            publicKey = KeyFactory.getInstance("ML-DSA", BouncyCastle.PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SignetException(malformed, set + " key is refused by Bouncy Castle", e);
        }
        if (!Arrays.equals(publicKey.getEncoded(), subjectPublicKeyInfo)) {
            throw new SignetException(malformed, set + " key does not re-encode as sent");
        }
        return new ClientKey.MlDsa(set, new MLDSAPublicKeyParameters(parameters, key), publicKey);
    }

    private static BigInteger littleEndianY(byte[] key) {
        byte[] bigEndian = new byte[key.length];
        for (int i = 0; i < key.length; i++) {
            bigEndian[i] = key[key.length - 1 - i];
        }
        // The top bit is the sign of x, not part of y.
        bigEndian[0] &= 0x7F;
        return new BigInteger(1, bigEndian);
    }

    static SignetException insecure(String logDetail) {
        return new SignetException(ErrorKind.INSECURE_PUBLIC_KEY, logDetail);
    }
}
