package dev.signet.ctlog.remote;

import dev.signet.codec.BouncyCastle;
import dev.signet.codec.MalformedEncodingException;
import dev.signet.codec.Pem;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.Sha256;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Reads a remote log's public key: a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo), ECDSA P-256 or
 * RSA of at least 2048 bits, as RFC 6962 allows.
 */
final class RemoteLogKey {
    private static final String PROPERTY = "signet.ctlog.public-key";
    private static final long MAX_FILE_BYTES = 16 * 1024;

    private RemoteLogKey() {
    }

    /** The key in {@code file}; a bad file is an {@link IllegalArgumentException} naming the property. */
    static PublicKey load(Path file) {
        String pem;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw invalid(file, "the file is larger than " + MAX_FILE_BYTES + " bytes");
            }
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(PROPERTY + ": cannot read " + file, e);
        }
        return parse(pem, file.toString());
    }

    /** The key in PEM text {@code pem}; {@code source} names it in error messages. */
    static PublicKey parse(String pem, String source) {
        byte[] block;
        try {
            block = Pem.decodeAmongText(pem.getBytes(StandardCharsets.ISO_8859_1), "PUBLIC KEY");
        } catch (MalformedEncodingException e) {
            throw invalid(source, "not one PEM PUBLIC KEY block (" + e.getMessage() + ")");
        }
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(block);
            byte[] der = info.getEncoded(ASN1Encoding.DER);
            ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
            PublicKey key;
            if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
                if (!SECObjectIdentifiers.secp256r1.equals(info.getAlgorithm().getParameters())) {
                    throw invalid(source, "an EC log key must name the curve P-256");
                }
                key = KeyFactory.getInstance("EC", BouncyCastle.PROVIDER).generatePublic(new X509EncodedKeySpec(der));
            } else if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
                key = KeyFactory.getInstance("RSA", BouncyCastle.PROVIDER).generatePublic(new X509EncodedKeySpec(der));
                if (((RSAPublicKey) key).getModulus().bitLength() < 2048
                        || !((RSAPublicKey) key).getPublicExponent().testBit(0)
                        || ((RSAPublicKey) key).getPublicExponent().compareTo(BigInteger.valueOf(3)) < 0) {
                    throw invalid(source, "an RSA log key must have at least 2048 bits and an odd exponent");
                }
            } else {
                throw invalid(source, "the key is neither ECDSA P-256 nor RSA");
            }
            // The log ID is the hash of the file's encoding; SCT checks hash the parsed key's, so they must agree.
            if (!Arrays.equals(LogIdentity.of(key).logId(), Sha256.hash(der))) {
                throw invalid(source,
                        "the key is not in the usual encoding (uncompressed point); its log ID would differ");
            }
            return key;
        } catch (KeyFileException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // Bouncy Castle throws unchecked exceptions on malformed points.
            throw invalid(source, "the public key cannot be decoded");
        }
    }

    private static KeyFileException invalid(Object source, String why) {
        return new KeyFileException(PROPERTY + ": " + source + ": " + why);
    }

    /** A configuration error in the key file, already naming the property. */
    private static final class KeyFileException extends IllegalArgumentException {
        KeyFileException(String message) {
            super(message);
        }
    }
}
