package dev.signet.identity.oidc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Per-issuer TLS trust: an issuer's {@code CACert} PEM, trusted in addition to the JDK's roots. */
public final class IssuerTrust {

    static final int MAX_PEM_CHARS = 256 * 1024;
    static final int MAX_CERTIFICATES = 64;

    private IssuerTrust() {
    }

    /**
     * Parses PEM text holding one or more X.509 certificates.
     *
     * @throws IllegalArgumentException when it is too large, holds no certificate or cannot be parsed
     */
    public static List<X509Certificate> parseCertificates(String pem) {
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

    /** A trust manager factory for the JDK's default roots plus {@code extra}. */
    static TrustManagerFactory withSystemRoots(List<X509Certificate> extra) throws GeneralSecurityException {
        TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        system.init((KeyStore) null);
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            anchors.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("empty key store", e);
        }
        int n = 0;
        for (TrustManager manager : system.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                for (X509Certificate root : ((X509TrustManager) manager).getAcceptedIssuers()) {
                    anchors.setCertificateEntry("system-" + n++, root);
                }
            }
        }
        for (X509Certificate certificate : extra) {
            anchors.setCertificateEntry("issuer-" + n++, certificate);
        }
        TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        combined.init(anchors);
        return combined;
    }
}
