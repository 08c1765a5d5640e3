package dev.signet.ca;

import dev.signet.certificate.LeafProfile;
import dev.signet.codec.BouncyCastle;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Creates CA keys and certificates in the Sigstore CA profile (reference §5.2): roots and intermediates. */
public final class CaCertificates {

    private CaCertificates() {
    }

    /** A fresh EC key pair on {@code curve} ({@code secp256r1}, {@code secp384r1}, {@code secp521r1}). */
    public static KeyPair ecKeyPair(String curve, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
            generator.initialize(new ECGenParameterSpec(curve), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC key on " + curve, e);
        }
    }

    /**
     * A subject DN {@code CN=<commonName>,O=<organization>} (RFC 4514 form); encoded O first, then CN,
     * the order Go and OpenSSL write.
     */
    public static X500Name name(String commonName, String organization) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, organization)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    /**
     * A self-signed root: CA true with {@code pathLength} (null for none), KU keyCertSign and cRLSign
     * (critical), SKI, no EKU, random 20-octet serial.
     */
    public static X509Certificate root(KeyPair keys, X500Name subject, Instant notBefore, Duration lifetime,
            Integer pathLength, SecureRandom random) {
        return root(keys, subject, notBefore, lifetime, pathLength, random, BouncyCastle.PROVIDER);
    }

    /** {@link #root(KeyPair, X500Name, Instant, Duration, Integer, SecureRandom)} signed through {@code signer} (an HSM's provider). */
    public static X509Certificate root(KeyPair keys, X500Name subject, Instant notBefore, Duration lifetime,
            Integer pathLength, SecureRandom random, Provider signer) {
        Instant start = notBefore.truncatedTo(ChronoUnit.SECONDS);
        X509v3CertificateBuilder builder = builder(subject, subject, keys.getPublic(), start, lifetime, random);
        try {
            builder.addExtension(Extension.basicConstraints, true,
                    pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, keyIdentifier(keys.getPublic()));
        } catch (CertIOException e) {
            throw new IllegalStateException("root extensions cannot be encoded", e);
        }
        return sign(builder, keys.getPrivate(), keys.getPublic(), signer);
    }

    /**
     * An intermediate under {@code issuer}: CA true pathlen 0, KU keyCertSign and cRLSign (critical),
     * EKU codeSigning (required for EKU chaining), SKI, AKI.
     */
    public static X509Certificate intermediate(PublicKey key, X500Name subject, X509Certificate issuer,
            PrivateKey issuerKey, Instant notBefore, Duration lifetime, SecureRandom random) {
        return intermediate(key, subject, issuer, issuerKey, notBefore, lifetime, random, BouncyCastle.PROVIDER);
    }

    /** {@link #intermediate(PublicKey, X500Name, X509Certificate, PrivateKey, Instant, Duration, SecureRandom)} signed through {@code signer}. */
    public static X509Certificate intermediate(PublicKey key, X500Name subject, X509Certificate issuer,
            PrivateKey issuerKey, Instant notBefore, Duration lifetime, SecureRandom random, Provider signer) {
        Instant start = notBefore.truncatedTo(ChronoUnit.SECONDS);
        X500Name issuerName = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = builder(issuerName, subject, key, start, lifetime, random);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            builder.addExtension(Extension.subjectKeyIdentifier, false, keyIdentifier(key));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(keyIdentifier(issuer.getPublicKey()).getKeyIdentifier()));
        } catch (CertIOException e) {
            throw new IllegalStateException("intermediate extensions cannot be encoded", e);
        }
        return sign(builder, issuerKey, issuer.getPublicKey(), signer);
    }

    /** SHA-256 of the certificate's DER, lowercase hex: what operators compare out of band. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("certificate cannot be fingerprinted", e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key,
            Instant start, Duration lifetime, SecureRandom random) {
        BigInteger serial = LeafProfile.randomSerial(random);
        return new X509v3CertificateBuilder(issuer, serial, Date.from(start), Date.from(start.plus(lifetime)),
                subject, SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    private static SubjectKeyIdentifier keyIdentifier(PublicKey key) {
        return new SubjectKeyIdentifier(
                LeafProfile.subjectKeyIdentifier(SubjectPublicKeyInfo.getInstance(key.getEncoded())));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey, PublicKey signerPublic,
            Provider provider) {
        try {
            String algorithm = CaSignatureAlgorithm.forKey(signerPublic).jcaName();
            return CaMaterial.toX509(builder.build(
                    new JcaContentSignerBuilder(algorithm).setProvider(provider).build(signingKey)));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("CA certificate cannot be signed", e);
        }
    }
}
