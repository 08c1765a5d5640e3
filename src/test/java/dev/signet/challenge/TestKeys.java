package dev.signet.challenge;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Keys, signatures, PEM and CSRs for the challenge tests; key pairs are generated once per JVM. */
final class TestKeys {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    static final SecureRandom RANDOM = new SecureRandom();
    static final String CHALLENGE = "alice@example.com";

    private static final Map<String, KeyPair> CACHE = new ConcurrentHashMap<>();

    private TestKeys() {
    }

    static KeyPair ec(String curve) {
        return CACHE.computeIfAbsent("EC " + curve, name -> {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
                generator.initialize(new ECGenParameterSpec(curve), RANDOM);
                return generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static KeyPair rsa(int bits) {
        return CACHE.computeIfAbsent("RSA " + bits, name -> generate("RSA", bits));
    }

    static KeyPair ed25519() {
        return CACHE.computeIfAbsent("Ed25519", name -> generate("Ed25519", 0));
    }

    static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (size > 0) {
                generator.initialize(size, RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs with the JDK's providers (an independent implementation from the verifier's Bouncy Castle). */
    static byte[] sign(String jcaAlgorithm, PrivateKey key, String message) {
        return sign(jcaAlgorithm, key, message.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sign(String jcaAlgorithm, PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance(jcaAlgorithm);
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] publicKeyPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** A PEM CSR for the public key, signed by the signing key with the given JCA algorithm (Bouncy Castle). */
    static byte[] csr(PublicKey enclosed, PrivateKey signingKey, String jcaAlgorithm) {
        return pem("CERTIFICATE REQUEST", csrDer(enclosed, signingKey, jcaAlgorithm));
    }

    static byte[] csrDer(PublicKey enclosed, PrivateKey signingKey, String jcaAlgorithm) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(jcaAlgorithm).setProvider(BC).build(signingKey);
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=ignored, O=Signet Test"), enclosed)
                    .build(signer).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DER SubjectPublicKeyInfo of an RSA public key with an arbitrary modulus and exponent. */
    static byte[] rsaSpki(BigInteger modulus, BigInteger exponent) {
        try {
            // Built with Bouncy Castle's ASN.1 classes: the JDK refuses to even encode some of the bad keys.
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                    DERNull.INSTANCE), new RSAPublicKey(modulus, exponent)).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
