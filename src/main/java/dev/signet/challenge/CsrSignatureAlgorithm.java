package dev.signet.challenge;

import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** The CSR self-signature algorithms Fulcio accepts; anything else (RSA-PSS, SHA-1, DSA, ...) is refused. */
enum CsrSignatureAlgorithm {
    ECDSA_SHA256(X9ObjectIdentifiers.ecdsa_with_SHA256, KeyFamily.EC, HashAlgorithm.SHA256),
    ECDSA_SHA384(X9ObjectIdentifiers.ecdsa_with_SHA384, KeyFamily.EC, HashAlgorithm.SHA384),
    ECDSA_SHA512(X9ObjectIdentifiers.ecdsa_with_SHA512, KeyFamily.EC, HashAlgorithm.SHA512),
    RSA_PKCS1_SHA256(PKCSObjectIdentifiers.sha256WithRSAEncryption, KeyFamily.RSA, HashAlgorithm.SHA256),
    RSA_PKCS1_SHA384(PKCSObjectIdentifiers.sha384WithRSAEncryption, KeyFamily.RSA, HashAlgorithm.SHA384),
    RSA_PKCS1_SHA512(PKCSObjectIdentifiers.sha512WithRSAEncryption, KeyFamily.RSA, HashAlgorithm.SHA512),
    ED25519(EdECObjectIdentifiers.id_Ed25519, KeyFamily.ED25519, HashAlgorithm.NONE);

    private final ASN1ObjectIdentifier oid;
    private final KeyFamily keyFamily;
    private final HashAlgorithm hash;

    CsrSignatureAlgorithm(ASN1ObjectIdentifier oid, KeyFamily keyFamily, HashAlgorithm hash) {
        this.oid = oid;
        this.keyFamily = keyFamily;
        this.hash = hash;
    }

    KeyFamily keyFamily() {
        return keyFamily;
    }

    HashAlgorithm hash() {
        return hash;
    }

    /**
     * The algorithm an identifier names, if accepted: ECDSA and Ed25519 must have no parameters (RFC 5758,
     * RFC 8410); RSA PKCS#1 v1.5 may have NULL or none.
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
