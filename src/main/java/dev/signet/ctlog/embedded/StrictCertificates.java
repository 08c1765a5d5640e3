package dev.signet.ctlog.embedded;

import dev.signet.codec.MalformedEncodingException;
import dev.signet.codec.StrictDer;
import java.io.IOException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Submitted certificates, and the few extension values the log reads from them, pass the strict DER
 * reader the CSR path uses before Bouncy Castle parses them: BER, trailing bytes, truncation and
 * hostile nesting are refused as a rejected chain, and Bouncy Castle's recursive parser never sees
 * more than {@value #MAX_DEPTH} levels.
 */
final class StrictCertificates {
    /**
     * Deepest nesting read: a certificate needs about 7 (an RSASSA-PSS signature algorithm inside the
     * TBS); the CSR path allows 16 too.
     */
    static final int MAX_DEPTH = 16;

    private StrictCertificates() {
    }

    static Certificate parse(byte[] der) {
        requireStrict(der, "certificate");
        return Certificate.getInstance(der);
    }

    /** The parsed value of the extension {@code oid}, or null when the certificate has none. */
    static ASN1Primitive extension(X509CertificateHolder certificate, ASN1ObjectIdentifier oid) {
        Extension extension = certificate.getExtension(oid);
        if (extension == null) {
            return null;
        }
        byte[] value = extension.getExtnValue().getOctets();
        requireStrict(value, "extension " + oid.getId());
        try {
            return ASN1Primitive.fromByteArray(value);
        } catch (IOException e) {
            throw ChainValidator.reject("extension " + oid.getId() + " cannot be read", e);
        }
    }

    private static void requireStrict(byte[] der, String what) {
        try {
            StrictDer.parseWellFormed(der, MAX_DEPTH);
        } catch (MalformedEncodingException e) {
            throw ChainValidator.reject(what + " is not strict DER: " + e.getMessage(), null);
        }
    }
}
