package dev.signet.ca;

import java.math.BigInteger;
import java.security.PublicKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** The signature algorithm a CA key signs certificates with, chosen by its key type as Fulcio does. */
public enum CaSignatureAlgorithm {
    ECDSA_P256("SHA256withECDSA"),
    ECDSA_P384("SHA384withECDSA"),
    ECDSA_P521("SHA512withECDSA"),
    RSA("SHA256withRSA"),
    ED25519("Ed25519");

    /** Smallest RSA modulus accepted for a CA key. */
    public static final int MIN_RSA_BITS = 2048;

    private final String jcaName;

    CaSignatureAlgorithm(String jcaName) {
        this.jcaName = jcaName;
    }

    /** The JCA signature name ({@code SHA384withECDSA}, …). */
    public String jcaName() {
        return jcaName;
    }

    /**
     * The algorithm for a CA public key. Throws IllegalArgumentException for any other key: other
     * curves, RSA under {@value #MIN_RSA_BITS} bits, Ed448, DSA.
     */
    public static CaSignatureAlgorithm forKey(PublicKey key) {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("CA public key cannot be parsed", e);
        }
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return forCurve(info);
        }
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            BigInteger modulus = rsaModulus(info);
            if (modulus.bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("CA RSA key has " + modulus.bitLength()
                        + " bits; at least " + MIN_RSA_BITS + " are required");
            }
            return RSA;
        }
        if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return ED25519;
        }
        throw new IllegalArgumentException("CA key algorithm " + algorithm
                + " is not supported (EC P-256/P-384/P-521, RSA, Ed25519 are)");
    }

    private static CaSignatureAlgorithm forCurve(SubjectPublicKeyInfo info) {
        Object parameters = info.getAlgorithm().getParameters();
        if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
            throw new IllegalArgumentException("CA EC key must name its curve");
        }
        if (curve.equals(SECObjectIdentifiers.secp256r1)) {
            return ECDSA_P256;
        }
        if (curve.equals(SECObjectIdentifiers.secp384r1)) {
            return ECDSA_P384;
        }
        if (curve.equals(SECObjectIdentifiers.secp521r1)) {
            return ECDSA_P521;
        }
        throw new IllegalArgumentException("CA EC curve " + curve + " is not supported (P-256, P-384, P-521 are)");
    }

    private static BigInteger rsaModulus(SubjectPublicKeyInfo info) {
        try {
            return RSAPublicKey.getInstance(info.parsePublicKey()).getModulus();
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("CA RSA key cannot be parsed", e);
        }
    }
}
