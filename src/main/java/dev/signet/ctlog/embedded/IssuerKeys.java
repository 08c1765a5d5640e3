package dev.signet.ctlog.embedded;

import dev.signet.codec.MalformedEncodingException;
import dev.signet.codec.StrictDer;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The keys a submitted issuer certificate may have: ECDSA on P-256, P-384 or P-521 (named curve),
 * RSA of 2048 to 8192 bits with exponent 65537, or Ed25519. These are the CA key types Signet signs
 * with, RSA bounded as for an identity provider's keys; nothing else is ever used to check a
 * signature, so a chain cannot make the log do an expensive or exotic verification (a 16,384-bit
 * modulus, a huge exponent) before it is tied to an accepted root. Accepted roots are configuration
 * and are not held to this list.
 */
final class IssuerKeys {
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;
    static final BigInteger RSA_EXPONENT = BigInteger.valueOf(65537);
    static final int ED25519_KEY_BYTES = 32;
    private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(SECObjectIdentifiers.secp256r1,
            SECObjectIdentifiers.secp384r1, SECObjectIdentifiers.secp521r1);
    // SEQUENCE { INTEGER, INTEGER }
    private static final int RSA_KEY_DEPTH = 2;

    private IssuerKeys() {
    }

    /** Why an issuer with this key is refused, or empty when the key is on the list. */
    static Optional<String> refusal(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        ASN1Encodable parameters = key.getAlgorithm().getParameters();
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return parameters instanceof ASN1ObjectIdentifier curve && CURVES.contains(curve)
                    ? Optional.empty()
                    : Optional.of("EC key not on P-256, P-384 or P-521 by name");
        }
        if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return parameters == null && key.getPublicKeyData().getPadBits() == 0
                    && key.getPublicKeyData().getOctets().length == ED25519_KEY_BYTES
                            ? Optional.empty()
                            : Optional.of("malformed Ed25519 key");
        }
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return rsaRefusal(key);
        }
        return Optional.of("key algorithm " + algorithm.getId() + " is not allowed for an issuer");
    }

    private static Optional<String> rsaRefusal(SubjectPublicKeyInfo key) {
        if (key.getPublicKeyData().getPadBits() != 0) {
            return Optional.of("malformed RSA key");
        }
        BigInteger modulus;
        BigInteger exponent;
        try {
            StrictDer.Reader parts = StrictDer.parseWellFormed(key.getPublicKeyData().getOctets(), RSA_KEY_DEPTH)
                    .children();
            modulus = new BigInteger(parts.next(StrictDer.INTEGER).value());
            exponent = new BigInteger(parts.next(StrictDer.INTEGER).value());
            parts.requireEnd();
        } catch (MalformedEncodingException | NumberFormatException e) {
            return Optional.of("malformed RSA key");
        }
        int bits = modulus.bitLength();
        if (modulus.signum() <= 0 || bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
            return Optional.of("RSA key of " + bits + " bits; " + MIN_RSA_BITS + " to " + MAX_RSA_BITS + " allowed");
        }
        if (!exponent.equals(RSA_EXPONENT)) {
            return Optional.of("RSA key exponent is not 65537");
        }
        return Optional.empty();
    }
}
