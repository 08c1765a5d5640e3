package dev.signet.challenge;

import dev.signet.certificate.MlDsaParameterSet;
import dev.signet.codec.MalformedEncodingException;
import dev.signet.codec.Pem;
import dev.signet.codec.StrictDer;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Turns the bytes a client sent as its key into a policy-checked {@link ClientKey}. */
final class PublicKeyParser {
    static final int MAX_KEY_BYTES = 16 * 1024;
    static final String PKIX_PEM_TYPE = "PUBLIC KEY";
    static final String PKCS1_PEM_TYPE = "RSA PUBLIC KEY";
    // Deep enough for explicit EC parameters (so they are refused as insecure, not as garbage).
    private static final int MAX_DEPTH = 8;

    private PublicKeyParser() {
    }

    /** A signed-challenge key: PEM "PUBLIC KEY" or "RSA PUBLIC KEY", else raw DER SubjectPublicKeyInfo. */
    static ClientKey parseClientKey(byte[] content) {
        if (content == null || content.length == 0) {
            throw malformed(ErrorKind.INVALID_PUBLIC_KEY, "public key not provided");
        }
        if (content.length > MAX_KEY_BYTES) {
            throw malformed(ErrorKind.INVALID_PUBLIC_KEY, "public key of " + content.length + " bytes is over the cap");
        }
        if (!Pem.looksLikePem(content)) {
            return parseSubjectPublicKeyInfo(content, ErrorKind.INVALID_PUBLIC_KEY);
        }
        Pem.Block block;
        try {
            block = Pem.decode(content);
        } catch (MalformedEncodingException e) {
            throw new SignetException(ErrorKind.INVALID_PUBLIC_KEY, "public key PEM: " + e.getMessage(), e);
        }
        return switch (block.type()) {
            case PKIX_PEM_TYPE -> parseSubjectPublicKeyInfo(block.der(), ErrorKind.INVALID_PUBLIC_KEY);
            case PKCS1_PEM_TYPE -> parsePkcs1Rsa(block.der(), ErrorKind.INVALID_PUBLIC_KEY);
            default -> throw malformed(ErrorKind.INVALID_PUBLIC_KEY, "PEM type is not a public key");
        };
    }

    /** A DER SubjectPublicKeyInfo; encoding problems are reported as the given kind, weak keys as insecure. */
    static ClientKey parseSubjectPublicKeyInfo(byte[] der, ErrorKind malformed) {
        SubjectPublicKeyInfo info;
        byte[] reencoded;
        try {
            StrictDer.parseWellFormed(der, MAX_DEPTH);
            info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            reencoded = info.getEncoded(ASN1Encoding.DER);
        } catch (MalformedEncodingException | IOException | RuntimeException e) {
            throw new SignetException(malformed, "SubjectPublicKeyInfo does not parse", e);
        }
        if (!Arrays.equals(reencoded, der)) {
            throw malformed(malformed, "SubjectPublicKeyInfo is not DER");
        }
        ASN1BitString keyBits = info.getPublicKeyData();
        if (keyBits.getPadBits() != 0) {
            throw malformed(malformed, "public key BIT STRING has unused bits");
        }
        byte[] key = keyBits.getOctets();
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        ASN1Encodable parameters = info.getAlgorithm().getParameters();
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return KeyPolicy.ecKey(parameters, key, malformed);
        }
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            // RFC 3279 requires NULL parameters; Go's parser refuses their absence too.
            if (!(parameters instanceof ASN1Null)) {
                throw malformed(malformed, "RSA key without NULL parameters");
            }
            return parsePkcs1Rsa(key, malformed);
        }
        if (algorithm.equals(EdECObjectIdentifiers.id_Ed25519)) {
            if (parameters != null) {
                throw malformed(malformed, "Ed25519 key with parameters");
            }
            return KeyPolicy.ed25519Key(key, der);
        }
        Optional<MlDsaParameterSet> mlDsa = MlDsaParameterSet.fromOid(algorithm);
        if (mlDsa.isPresent()) {
            // RFC 9881: the parameters MUST be absent; the OID alone names the set.
            if (parameters != null) {
                throw malformed(malformed, "ML-DSA key with parameters");
            }
            return KeyPolicy.mlDsaKey(mlDsa.get(), key, der, malformed);
        }
        throw KeyPolicy.insecure("unsupported key algorithm " + algorithm.getId());
    }

    /** A DER PKCS#1 RSAPublicKey: SEQUENCE { modulus INTEGER, publicExponent INTEGER }. */
    static ClientKey parsePkcs1Rsa(byte[] der, ErrorKind malformed) {
        BigInteger modulus;
        BigInteger exponent;
        try {
            StrictDer.Element sequence = StrictDer.parseWellFormed(der, 2);
            if (sequence.tag() != StrictDer.SEQUENCE) {
                throw new MalformedEncodingException("RSA public key is not a SEQUENCE");
            }
            StrictDer.Reader fields = sequence.children();
            StrictDer.Element modulusElement = fields.next(StrictDer.INTEGER);
            StrictDer.Element exponentElement = fields.next(StrictDer.INTEGER);
            fields.requireEnd();
            // BC's ASN1Integer refuses padded (non-minimal) integers; getValue keeps the sign so negatives show.
            modulus = ASN1Integer.getInstance(modulusElement.encoded()).getValue();
            exponent = ASN1Integer.getInstance(exponentElement.encoded()).getValue();
        } catch (MalformedEncodingException | RuntimeException e) {
            throw new SignetException(malformed, "RSA public key does not parse", e);
        }
        if (modulus.signum() <= 0 || exponent.signum() <= 0) {
            throw malformed(malformed, "RSA modulus or exponent is not positive");
        }
        return KeyPolicy.rsaKey(modulus, exponent);
    }

    private static SignetException malformed(ErrorKind kind, String logDetail) {
        return new SignetException(kind, logDetail);
    }
}
