package dev.signet.challenge;

import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.math.ec.ECCurve;

/** The only elliptic curves a client key may use, with their domain parameters built once. */
enum NistCurve {
    P256("P-256", SECObjectIdentifiers.secp256r1, 256, HashAlgorithm.SHA256),
    P384("P-384", SECObjectIdentifiers.secp384r1, 384, HashAlgorithm.SHA384),
    P521("P-521", SECObjectIdentifiers.secp521r1, 521, HashAlgorithm.SHA512);

    private final ASN1ObjectIdentifier oid;
    private final int bits;
    private final HashAlgorithm challengeHash;
    private final ECNamedDomainParameters domain;
    private final ECNamedCurveParameterSpec spec;
    private final int uncompressedPointLength;

    NistCurve(String name, ASN1ObjectIdentifier oid, int bits, HashAlgorithm challengeHash) {
        this.oid = oid;
        this.bits = bits;
        this.challengeHash = challengeHash;
        // Bouncy Castle's custom curve classes: constant-structure field arithmetic, much faster than generic Fp.
        X9ECParameters x9 = CustomNamedCurves.getByOID(oid);
        this.domain = new ECNamedDomainParameters(oid, x9);
        // A named spec makes the resulting key encode its curve by OID, as the client sent it.
        this.spec = new ECNamedCurveParameterSpec(name, x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
        this.uncompressedPointLength = 1 + 2 * ((x9.getCurve().getFieldSize() + 7) / 8);
    }

    static Optional<NistCurve> fromOid(ASN1ObjectIdentifier oid) {
        for (NistCurve curve : values()) {
            if (curve.oid.equals(oid)) {
                return Optional.of(curve);
            }
        }
        return Optional.empty();
    }

    int bits() {
        return bits;
    }

    /** Sigstore's default hash for a signed challenge with a key on this curve. */
    HashAlgorithm challengeHash() {
        return challengeHash;
    }

    ECCurve curve() {
        return domain.getCurve();
    }

    BigInteger order() {
        return domain.getN();
    }

    ECNamedDomainParameters domain() {
        return domain;
    }

    ECNamedCurveParameterSpec spec() {
        return spec;
    }

    int uncompressedPointLength() {
        return uncompressedPointLength;
    }
}
