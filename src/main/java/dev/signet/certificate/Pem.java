package dev.signet.certificate;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * PEM text of certificates: written as Go's encoder writes it (64-column lines, trailing newline),
 * and read back with bounds.
 */
public final class Pem {
    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    /** One {@code CERTIFICATE} block ending in a newline. */
    public static String certificate(X509Certificate certificate) {
        try {
            return encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }

    /** A PEM block of the given type ending in a newline. */
    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Largest PEM text {@link #certificates} reads. */
    public static final int MAX_PEM_CHARS = 256 * 1024;
    /** Most certificates {@link #certificates} returns. */
    public static final int MAX_CERTIFICATES = 64;

    /**
     * Parses PEM text holding one or more X.509 certificates, in order.
     *
     * @throws IllegalArgumentException when it is too large, holds no certificate or cannot be parsed
     */
    public static List<X509Certificate> certificates(String pem) {
        if (pem.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException("PEM larger than " + MAX_PEM_CHARS + " characters");
        }
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("no PEM CERTIFICATE block");
        }
        Collection<? extends Certificate> parsed;
        try {
            parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("unparsable certificate: " + e.getClass().getSimpleName(), e);
        }
        if (parsed.isEmpty() || parsed.size() > MAX_CERTIFICATES) {
            throw new IllegalArgumentException("expected 1 to " + MAX_CERTIFICATES + " certificates, found "
                    + parsed.size());
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : parsed) {
            certificates.add((X509Certificate) certificate);
        }
        return certificates;
    }
}
