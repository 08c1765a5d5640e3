package dev.signet.ca;

import dev.signet.certificate.LeafProfile;
import dev.signet.codec.BouncyCastle;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys, CA certificates and PEM files for tests, with every CA property adjustable. */
public final class TestPki {

    public static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {
    }

    /** A key pair of type P-256, P-384, P-521, RSA (2048), RSA-1024 or Ed25519. */
    public static KeyPair keyPair(String type) {
        try {
            KeyPairGenerator generator;
            switch (type) {
                case "P-256", "P-384", "P-521" -> {
                    generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
                    generator.initialize(new ECGenParameterSpec("secp" + type.substring(2) + "r1"), RANDOM);
                }
                case "RSA" -> {
                    generator = KeyPairGenerator.getInstance("RSA", BouncyCastle.PROVIDER);
                    generator.initialize(2048, RANDOM);
                }
                case "RSA-1024" -> {
                    generator = KeyPairGenerator.getInstance("RSA", BouncyCastle.PROVIDER);
                    generator.initialize(1024, RANDOM);
                }
                case "Ed25519" -> generator = KeyPairGenerator.getInstance("Ed25519", BouncyCastle.PROVIDER);
                default -> throw new IllegalArgumentException(type);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CA certificate under construction; defaults make a valid intermediate-style CA. */
    public static final class Cert {
        private final String commonName;
        private final PublicKey key;
        private X509Certificate issuer;
        private PrivateKey signingKey;
        private boolean ca = true;
        private Integer pathLength;
        private int keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign;
        private boolean codeSigning = true;
        private boolean subjectKeyId = true;
        private Instant notBefore = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        private Instant notAfter = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        private Cert(String commonName, PublicKey key) {
            this.commonName = commonName;
            this.key = key;
        }

        public Cert issuedBy(X509Certificate issuerCert, PrivateKey issuerKey) {
            this.issuer = issuerCert;
            this.signingKey = issuerKey;
            return this;
        }

        public Cert selfSigned(PrivateKey ownKey) {
            this.issuer = null;
            this.signingKey = ownKey;
            return this;
        }

        public Cert ca(boolean value) {
            this.ca = value;
            return this;
        }

        public Cert pathLength(Integer value) {
            this.pathLength = value;
            return this;
        }

        public Cert keyUsage(int value) {
            this.keyUsage = value;
            return this;
        }

        public Cert codeSigning(boolean value) {
            this.codeSigning = value;
            return this;
        }

        public Cert subjectKeyId(boolean value) {
            this.subjectKeyId = value;
            return this;
        }

        public Cert validity(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        public X509Certificate build() {
            try {
                X500Name subject = CaCertificates.name(commonName, "Signet Test");
                X500Name issuerName = issuer == null ? subject
                        : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
                PublicKey signerPublic = issuer == null ? key : issuer.getPublicKey();
                X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName,
                        LeafProfile.randomSerial(RANDOM), Date.from(notBefore), Date.from(notAfter), subject,
                        SubjectPublicKeyInfo.getInstance(key.getEncoded()));
                if (ca) {
                    builder.addExtension(Extension.basicConstraints, true,
                            pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength));
                }
                if (keyUsage != 0) {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                }
                if (codeSigning) {
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
                }
                if (subjectKeyId) {
                    builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(
                            LeafProfile.subjectKeyIdentifier(SubjectPublicKeyInfo.getInstance(key.getEncoded()))));
                }
                // Chosen here rather than by CaSignatureAlgorithm so tests can build weak CAs too.
                String algorithm = signerPublic.getAlgorithm().startsWith("RSA") ? "SHA256withRSA"
                        : CaSignatureAlgorithm.forKey(signerPublic).jcaName();
                return CaMaterial.toX509(builder.build(
                        new JcaContentSignerBuilder(algorithm).setProvider(BouncyCastle.PROVIDER).build(signingKey)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static Cert cert(String commonName, PublicKey key) {
        return new Cert(commonName, key);
    }

    /** A root and an intermediate (EKU codeSigning) with their keys, the intermediate's of {@code keyType}. */
    public record TwoLevel(KeyPair rootKeys, X509Certificate root, KeyPair intermediateKeys,
            X509Certificate intermediate) {
        public List<X509Certificate> chain() {
            return List.of(intermediate, root);
        }

        public CaMaterial material() {
            return new CaMaterial(intermediateKeys.getPrivate(), chain());
        }
    }

    public static TwoLevel twoLevel(String keyType) {
        KeyPair rootKeys = keyPair("P-384");
        X509Certificate root = cert("Test Root", rootKeys.getPublic()).selfSigned(rootKeys.getPrivate())
                .codeSigning(false).build();
        KeyPair intermediateKeys = keyPair(keyType);
        X509Certificate intermediate = cert("Test Intermediate", intermediateKeys.getPublic())
                .issuedBy(root, rootKeys.getPrivate()).pathLength(0).build();
        return new TwoLevel(rootKeys, root, intermediateKeys, intermediate);
    }

    public static byte[] certificatesPem(List<X509Certificate> certificates) {
        return pem(certificates.toArray());
    }

    /** PKCS#8 ENCRYPTED PRIVATE KEY as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes it. */
    public static byte[] encryptedPkcs8Pem(PrivateKey key, String password) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(BouncyCastle.PROVIDER).setRandom(RANDOM).setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(2048).setPassword(password.toCharArray()).build();
            return pem(new JcaPKCS8Generator(key, encryptor));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The legacy OpenSSL format: a traditional key PEM with Proc-Type/DEK-Info headers. */
    public static byte[] legacyEncryptedPem(PrivateKey key, String password) {
        try {
            var encryptor = new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BouncyCastle.PROVIDER)
                    .setSecureRandom(RANDOM).build(password.toCharArray());
            return pem(new JcaMiscPEMGenerator(key, encryptor));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 PRIVATE KEY, unencrypted. */
    public static byte[] unencryptedPkcs8Pem(PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A positive random serial, for templates built by hand. */
    public static BigInteger serial() {
        return LeafProfile.randomSerial(RANDOM);
    }
}
