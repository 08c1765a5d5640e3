package dev.signet.ctlog;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates of any shape for chain tests: CA or not, any key usage, path length, validity and key,
 * signed by any other one's key, so a test can build the chains a hostile submitter would.
 */
public final class CertificateMaker {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIALS = new AtomicLong(5000);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate and the key pair of its subject (null when it was made with a bare public key). */
    public record Made(X509CertificateHolder holder, KeyPair keys) {
        public byte[] der() {
            try {
                return holder.getEncoded();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public java.security.cert.X509Certificate x509() {
            try {
                return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider(BC)
                        .getCertificate(holder);
            } catch (java.security.cert.CertificateException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final String subject;
    private Made issuer;
    private KeyPair keys;
    private SubjectPublicKeyInfo bareKey;
    private KeyPair signingKeys;
    private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    private Instant notAfter = Instant.now().plus(Duration.ofDays(1));
    private BasicConstraints basicConstraints = new BasicConstraints(true);
    private Integer keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign;
    private boolean poison;
    private Extension extra;

    private CertificateMaker(String subject) {
        this.subject = subject;
    }

    /** A CA certificate (CA:TRUE, keyCertSign, cRLSign) for {@code subject}, self-signed unless issued. */
    public static CertificateMaker ca(String subject) {
        return new CertificateMaker(subject);
    }

    /** An end-entity certificate (CA:FALSE, digitalSignature). */
    public static CertificateMaker leaf(String subject) {
        return new CertificateMaker(subject).basicConstraints(new BasicConstraints(false))
                .keyUsage(KeyUsage.digitalSignature);
    }

    public CertificateMaker issuedBy(Made issuer) {
        this.issuer = issuer;
        return this;
    }

    /** Sign with these keys instead of the issuer's (a forged signature, or one by a key the issuer cannot verify). */
    public CertificateMaker signedWith(KeyPair keys) {
        this.signingKeys = keys;
        return this;
    }

    public CertificateMaker keys(KeyPair keys) {
        this.keys = keys;
        return this;
    }

    /** The subject key as bare SubjectPublicKeyInfo, with no private key: such a certificate cannot sign. */
    public CertificateMaker bareKey(SubjectPublicKeyInfo key) {
        this.bareKey = key;
        return this;
    }

    /** Null leaves basicConstraints out. */
    public CertificateMaker basicConstraints(BasicConstraints constraints) {
        this.basicConstraints = constraints;
        return this;
    }

    public CertificateMaker pathLength(int length) {
        return basicConstraints(new BasicConstraints(length));
    }

    /** Null leaves key usage out. */
    public CertificateMaker keyUsage(Integer usage) {
        this.keyUsage = usage;
        return this;
    }

    public CertificateMaker validity(Instant from, Instant to) {
        this.notBefore = from;
        this.notAfter = to;
        return this;
    }

    public CertificateMaker poison() {
        this.poison = true;
        return this;
    }

    /** An extension with exactly these value octets, whatever they hold. */
    public CertificateMaker extension(ASN1ObjectIdentifier oid, boolean critical, byte[] value) {
        this.extra = new Extension(oid, critical, value);
        return this;
    }

    public Made make() {
        try {
            KeyPair subjectKeys = bareKey != null ? null : keys != null ? keys : p256();
            SubjectPublicKeyInfo publicKey = bareKey != null ? bareKey
                    : SubjectPublicKeyInfo.getInstance(subjectKeys.getPublic().getEncoded());
            X500Name name = new X500Name(subject.contains("=") ? subject : "CN=" + subject + ",O=Signet Test");
            X500Name issuerName = issuer == null ? name : issuer.holder().getSubject();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), name,
                    publicKey);
            if (basicConstraints != null) {
                builder.addExtension(Extension.basicConstraints, true, basicConstraints);
            }
            if (keyUsage != null) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            }
            if (poison) {
                builder.addExtension(CtCertificates.POISON, true, DERNull.INSTANCE);
            }
            if (extra != null) {
                builder.addExtension(extra);
            }
            KeyPair signer = signingKeys != null ? signingKeys : issuer != null ? issuer.keys() : subjectKeys;
            return new Made(builder.build(new JcaContentSignerBuilder(algorithm(signer)).setProvider(BC)
                    .build(signer.getPrivate())), subjectKeys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String algorithm(KeyPair keys) {
        return switch (keys.getPublic().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448" -> keys.getPublic().getAlgorithm();
            default -> "SHA256withECDSA";
        };
    }

    /** An RSA key with a random odd modulus of {@code bits} bits and this exponent; nobody holds its private half. */
    public static SubjectPublicKeyInfo bareRsaKey(int bits, BigInteger exponent) {
        BigInteger modulus = new BigInteger(bits, RANDOM).setBit(bits - 1).setBit(0);
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                    DERNull.INSTANCE), new RSAPublicKey(modulus, exponent));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh P-256 key pair. */
    public static KeyPair p256() {
        return ec("secp256r1");
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, BC);
            if (bits > 0) {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
