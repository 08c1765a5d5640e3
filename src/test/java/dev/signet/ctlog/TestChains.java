package dev.signet.ctlog;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-made P-256 CA issuing precertificates (with poison) and plain leaf certificates, for tests. */
public final class TestChains {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    private final KeyPair caKey;
    private final X509Certificate root;
    private final KeyPair leafKey;
    private final ContentSigner caSigner;

    /** A precertificate, and the TBS a log must sign for it, built independently without poison. */
    public record Precert(byte[] der, byte[] expectedTbs) {
    }

    public TestChains(String name) {
        try {
            caKey = generate();
            leafKey = generate();
            caSigner = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(caKey.getPrivate());
            X500Name subject = new X500Name("CN=" + name + ",O=Signet Test");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                    new Date(System.currentTimeMillis() - 3_600_000),
                    new Date(System.currentTimeMillis() + 86_400_000L),
                    subject, caKey.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
            root = new JcaX509CertificateConverter().setProvider(BC).getCertificate(builder.build(caSigner));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate root() {
        return root;
    }

    public byte[] rootDer() {
        try {
            return root.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A precertificate for {@code email}, signed directly by the root. */
    public Precert precert(String email) {
        BigInteger serial = BigInteger.valueOf(SERIALS.incrementAndGet());
        X509CertificateHolder withPoison = leaf(serial, email, true);
        X509CertificateHolder withoutPoison = leaf(serial, email, false);
        try {
            return new Precert(withPoison.getEncoded(),
                    withoutPoison.toASN1Structure().getTBSCertificate().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A final (poison-free) certificate. */
    public byte[] certificate(String email) {
        try {
            return leaf(BigInteger.valueOf(SERIALS.incrementAndGet()), email, false).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public List<byte[]> precertChain(Precert precert) {
        return List.of(precert.der(), rootDer());
    }

    private X509CertificateHolder leaf(BigInteger serial, String email, boolean poison) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(root.getSubjectX500Principal().getEncoded()), serial,
                    new Date(1_700_000_000_000L), new Date(1_700_000_600_000L), new X500Name("CN=" + email),
                    leafKey.getPublic());
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (poison) {
                builder.addExtension(CtCertificates.POISON, true, DERNull.INSTANCE);
            }
            builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
            return builder.build(caSigner);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
