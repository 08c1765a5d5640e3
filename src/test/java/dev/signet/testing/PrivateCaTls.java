package dev.signet.testing;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * A private CA, as an organisation runs for its internal services, and a TLS server certificate it
 * issued for {@code localhost}, {@value SelfSignedTls#TEST_HOST} and {@code 127.0.0.1}; all PEM.
 *
 * @param caPem          the CA certificate (what a client's CA bundle holds)
 * @param certificatePem the server certificate
 * @param privateKeyPem  the server's PKCS#8 private key
 */
public record PrivateCaTls(String caPem, String certificatePem, String privateKeyPem) {

    public static PrivateCaTls create() {
        try {
            KeyPair caKey = SelfSignedTls.p256();
            X500Name caName = new X500Name("CN=signet test private CA,O=Example Internal");
            JcaX509v3CertificateBuilder ca = SelfSignedTls.builder(caName, caName, caKey.getPublic());
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            KeyPair serverKey = SelfSignedTls.p256();
            return new PrivateCaTls(
                    SelfSignedTls.pem("CERTIFICATE", SelfSignedTls.sign(ca, caKey.getPrivate()).getEncoded()),
                    SelfSignedTls.pem("CERTIFICATE", SelfSignedTls.serverCertificate(caName,
                            new X500Name("CN=ct.internal.test"), serverKey.getPublic(), caKey.getPrivate())
                            .getEncoded()),
                    SelfSignedTls.pem("PRIVATE KEY", serverKey.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create a test private CA", e);
        }
    }
}
