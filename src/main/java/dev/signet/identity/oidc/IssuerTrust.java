package dev.signet.identity.oidc;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Per-issuer TLS trust: an issuer's {@code CACert} PEM, trusted in addition to the JDK's roots. */
public final class IssuerTrust {

    private IssuerTrust() {
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
