package dev.signet.certificate;

import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;

/**
 * The three ML-DSA parameter sets of FIPS 204 as X.509 names them (RFC 9881): one OID each, used both as the
 * SubjectPublicKeyInfo algorithm (parameters absent, the key's raw FIPS 204 encoding in the BIT STRING) and as the
 * pure ML-DSA signature algorithm. The encoded sizes are fixed by the parameter set (FIPS 204, Table 2).
 */
public enum MlDsaParameterSet {
    ML_DSA_44(NISTObjectIdentifiers.id_ml_dsa_44, 1312, 2420),
    ML_DSA_65(NISTObjectIdentifiers.id_ml_dsa_65, 1952, 3309),
    ML_DSA_87(NISTObjectIdentifiers.id_ml_dsa_87, 2592, 4627);

    private final ASN1ObjectIdentifier oid;
    private final int publicKeyBytes;
    private final int signatureBytes;

    MlDsaParameterSet(ASN1ObjectIdentifier oid, int publicKeyBytes, int signatureBytes) {
        this.oid = oid;
        this.publicKeyBytes = publicKeyBytes;
        this.signatureBytes = signatureBytes;
    }

    /** id-ml-dsa-44, -65 or -87 (2.16.840.1.101.3.4.3.17, .18, .19). */
    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** The length of an encoded public key (pkEncode): anything else is not a key of this set. */
    public int publicKeyBytes() {
        return publicKeyBytes;
    }

    /** The length of an encoded signature (sigEncode): anything else is not a signature of this set. */
    public int signatureBytes() {
        return signatureBytes;
    }

    /** The parameter set an OID names, if any; the pre-hash HashML-DSA OIDs name none. */
    public static Optional<MlDsaParameterSet> fromOid(ASN1ObjectIdentifier oid) {
        for (MlDsaParameterSet set : values()) {
            if (set.oid.equals(oid)) {
                return Optional.of(set);
            }
        }
        return Optional.empty();
    }
}
