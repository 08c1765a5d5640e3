package dev.signet.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A fresh self-signed P-256 TLS server certificate for {@code localhost}, {@value #TEST_HOST} (a
 * name only a test resolver knows) and {@code 127.0.0.1}, as PEM.
 *
 * @param certificatePem the certificate
 * @param privateKeyPem  its PKCS#8 private key
 */
public record SelfSignedTls(String certificatePem, String privateKeyPem) {

    public static final String TEST_HOST = "issuer.signet.test";

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    public static SelfSignedTls create() {
        try {
            KeyPair pair = p256();
            X500Name name = new X500Name("CN=signet test issuer");
            X509CertificateHolder certificate = serverCertificate(name, name, pair.getPublic(), pair.getPrivate());
            return new SelfSignedTls(pem("CERTIFICATE", certificate.getEncoded()),
                    pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create a test TLS certificate", e);
        }
    }

    static KeyPair p256() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A TLS server certificate for the test names, for {@code key}, signed by {@code signer} in the name of {@code issuer}. */
    static X509CertificateHolder serverCertificate(X500Name issuer, X500Name subject, PublicKey key, PrivateKey signer)
            throws IOException, OperatorCreationException {
        JcaX509v3CertificateBuilder builder = builder(issuer, subject, key);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.dNSName, TEST_HOST),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return sign(builder, signer);
    }

    static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()).setBit(63),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject, key);
    }

    static X509CertificateHolder sign(JcaX509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException {
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(signer));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
