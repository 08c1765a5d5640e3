package dev.signet.ctlog;

/**
 * TLS {@code DigitallySigned}: hash algorithm, signature algorithm, and the signature (for ECDSA,
 * the DER {@code Ecdsa-Sig-Value}) as a 16-bit vector.
 */
public record DigitallySigned(int hashAlgorithm, int signatureAlgorithm, byte[] signature) {
    /** TLS HashAlgorithm sha256. */
    public static final int SHA256 = 4;
    /** TLS SignatureAlgorithm rsa. */
    public static final int RSA = 1;
    /** TLS SignatureAlgorithm ecdsa. */
    public static final int ECDSA = 3;

    public DigitallySigned {
        signature = signature.clone();
        if (signature.length > 0xFFFF) {
            throw new IllegalArgumentException("signature too long");
        }
    }

    /** An ECDSA-with-SHA-256 signature. */
    public static DigitallySigned ecdsaSha256(byte[] derSignature) {
        return new DigitallySigned(SHA256, ECDSA, derSignature);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public byte[] encoded() {
        return new TlsWriter(signature.length + 4).uint8(hashAlgorithm).uint8(signatureAlgorithm)
                .vector(signature, 2).toByteArray();
    }

    /** Reads one DigitallySigned. */
    public static DigitallySigned readFrom(TlsReader in) {
        return new DigitallySigned(in.uint8(), in.uint8(), in.vector(2));
    }

    /** Parses exactly one DigitallySigned. */
    public static DigitallySigned parse(byte[] encoded) {
        TlsReader in = new TlsReader(encoded);
        DigitallySigned result = readFrom(in);
        in.requireEnd();
        return result;
    }
}
