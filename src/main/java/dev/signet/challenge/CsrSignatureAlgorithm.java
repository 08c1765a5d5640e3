package dev.signet.challenge;

import dev.signet.certificate.MlDsaParameterSet;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The CSR self-signature algorithms Fulcio accepts, and pure ML-DSA (RFC 9881); anything else (RSA-PSS, SHA-1, DSA,
 * HashML-DSA, ...) is refused.
 */
enum CsrSignatureAlgorithm {
    ECDSA_SHA256(X9ObjectIdentifiers.ecdsa_with_SHA256, KeyFamily.EC, HashAlgorithm.SHA256),
    ECDSA_SHA384(X9ObjectIdentifiers.ecdsa_with_SHA384, KeyFamily.EC, HashAlgorithm.SHA384),
    ECDSA_SHA512(X9ObjectIdentifiers.ecdsa_with_SHA512, KeyFamily.EC, HashAlgorithm.SHA512),
    RSA_PKCS1_SHA256(PKCSObjectIdentifiers.sha256WithRSAEncryption, KeyFamily.RSA, HashAlgorithm.SHA256),
    RSA_PKCS1_SHA384(PKCSObjectIdentifiers.sha384WithRSAEncryption, KeyFamily.RSA, HashAlgorithm.SHA384),
    RSA_PKCS1_SHA512(PKCSObjectIdentifiers.sha512WithRSAEncryption, KeyFamily.RSA, HashAlgorithm.SHA512),
    ED25519(EdECObjectIdentifiers.id_Ed25519, KeyFamily.ED25519, HashAlgorithm.NONE),
    ML_DSA_44(MlDsaParameterSet.ML_DSA_44),
    ML_DSA_65(MlDsaParameterSet.ML_DSA_65),
    ML_DSA_87(MlDsaParameterSet.ML_DSA_87);

    private final ASN1ObjectIdentifier oid;
    private final KeyFamily keyFamily;
    private final HashAlgorithm hash;
    private final Optional<MlDsaParameterSet> mlDsa;

    CsrSignatureAlgorithm(ASN1ObjectIdentifier oid, KeyFamily keyFamily, HashAlgorithm hash) {
        this.oid = oid;
        this.keyFamily = keyFamily;
        this.hash = hash;
        this.mlDsa = Optional.empty();
    }

    /** Pure ML-DSA: the signature OID is the key's OID, and fits keys of that one set only. */
    CsrSignatureAlgorithm(MlDsaParameterSet set) {
        this.oid = set.oid();
        this.keyFamily = KeyFamily.ML_DSA;
        this.hash = HashAlgorithm.NONE;
        this.mlDsa = Optional.of(set);
    }

    /** True if a key of this kind (and, for ML-DSA, of this parameter set) can make this signature. */
    boolean fits(ClientKey key) {
        if (key.family() != keyFamily) {
            return false;
        }
        return mlDsa.isEmpty() || key instanceof ClientKey.MlDsa mlDsaKey && mlDsaKey.parameterSet() == mlDsa.get();
    }

    HashAlgorithm hash() {
        return hash;
    }

    /**
     * The algorithm an identifier names, if accepted: ECDSA, Ed25519 and ML-DSA must have no parameters (RFC 5758,
     * RFC 8410, RFC 9881); RSA PKCS#1 v1.5 may have NULL or none.
     */
    static Optional<CsrSignatureAlgorithm> of(AlgorithmIdentifier identifier) {
        ASN1Encodable parameters = identifier.getParameters();
        for (CsrSignatureAlgorithm algorithm : values()) {
            if (!algorithm.oid.equals(identifier.getAlgorithm())) {
                continue;
            }
            boolean parametersOk = parameters == null
                    || (algorithm.keyFamily == KeyFamily.RSA && parameters instanceof ASN1Null);
            return parametersOk ? Optional.of(algorithm) : Optional.empty();
        }
        return Optional.empty();
    }
}
