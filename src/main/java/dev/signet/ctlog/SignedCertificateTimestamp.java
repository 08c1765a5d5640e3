package dev.signet.ctlog;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;

/**
 * An RFC 6962 v1 signed certificate timestamp.
 *
 * @param logId SHA-256 of the log's SubjectPublicKeyInfo (32 bytes)
 * @param timestamp milliseconds since the epoch
 * @param extensions CtExtensions bytes (static-ct-api: the leaf_index extension)
 * @param signature the TLS {@code DigitallySigned} encoding: hash alg, sig alg, u16 length, signature
 */
public record SignedCertificateTimestamp(byte[] logId, long timestamp, byte[] extensions, byte[] signature) {
    /** Longest SCT {@link #parse} accepts; real ones are about 120 bytes. */
    public static final int MAX_ENCODED_LENGTH = 4096;

    public SignedCertificateTimestamp {
        if (logId.length != 32) {
            throw new IllegalArgumentException("log ID must be 32 bytes");
        }
        // A uint64 of 2^63 or more reads as negative: no log signs such a time, and the JSON form refuses it.
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp beyond 2^63 - 1 milliseconds");
        }
        if (extensions.length > 0xFFFF) {
            throw new IllegalArgumentException("extensions too long");
        }
        logId = logId.clone();
        extensions = extensions.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] logId() {
        return logId.clone();
    }

    @Override
    public byte[] extensions() {
        return extensions.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The signature as a parsed {@link DigitallySigned}. */
    public DigitallySigned digitallySigned() {
        return DigitallySigned.parse(signature);
    }

    /** The static-ct-api leaf index carried in the extensions, or -1 if none. */
    public long leafIndex() {
        return LeafIndexExtension.find(extensions);
    }

    /** The RFC 6962 {@code SignedCertificateTimestamp} serialization (sct_version v1 = 0). */
    public byte[] tlsEncoded() {
        return new TlsWriter(64 + extensions.length + signature.length).uint8(0).raw(logId).uint64(timestamp)
                .vector(extensions, 2).raw(signature).toByteArray();
    }

    /**
     * The {@code extnValue} content of the SCT list extension (OID 1.3.6.1.4.1.11129.2.4.2): the
     * TLS {@code SignedCertificateTimestampList} wrapped in a DER OCTET STRING.
     */
    public static byte[] listExtensionValue(List<SignedCertificateTimestamp> scts) {
        if (scts.isEmpty()) {
            throw new IllegalArgumentException("an SCT list needs at least one SCT");
        }
        TlsWriter entries = new TlsWriter();
        for (SignedCertificateTimestamp sct : scts) {
            entries.vector(sct.tlsEncoded(), 2);
        }
        byte[] list = new TlsWriter(entries.size() + 2).vector(entries.toByteArray(), 2).toByteArray();
        try {
            return new DEROctetString(list).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an octet string failed", e);
        }
    }

    /** Parses one serialized SCT; anything malformed or not v1 is a {@code CT_LOG} failure. */
    public static SignedCertificateTimestamp parse(byte[] tls) {
        if (tls.length > MAX_ENCODED_LENGTH) {
            throw new SignetException(ErrorKind.CT_LOG, "SCT of " + tls.length + " bytes is too long");
        }
        try {
            TlsReader in = new TlsReader(tls);
            int version = in.uint8();
            if (version != 0) {
                throw new SignetException(ErrorKind.CT_LOG, "SCT version " + version + " is not v1");
            }
            byte[] logId = in.raw(32);
            long timestamp = in.uint64();
            byte[] extensions = in.vector(2);
            int start = in.position();
            DigitallySigned.readFrom(in);
            in.requireEnd();
            return new SignedCertificateTimestamp(logId, timestamp, extensions,
                    Arrays.copyOfRange(tls, start, tls.length));
        } catch (IllegalArgumentException e) {
            throw new SignetException(ErrorKind.CT_LOG, "malformed SCT: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedCertificateTimestamp that && timestamp == that.timestamp
                && Arrays.equals(logId, that.logId) && Arrays.equals(extensions, that.extensions)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignedCertificateTimestamp[timestamp=" + timestamp + ", extensions=" + extensions.length + " bytes]";
    }
}
