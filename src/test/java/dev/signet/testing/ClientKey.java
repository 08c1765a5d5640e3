package dev.signet.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** A signing client's key pair, as cosign or sigstore-java would make one, for tests. */
public record ClientKey(String label, KeyPair keyPair, String signatureAlgorithm) {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    public static ClientKey ec(String curve) {
        String hash = switch (curve) {
            case "secp256r1" -> "SHA256";
            case "secp384r1" -> "SHA384";
            case "secp521r1" -> "SHA512";
            default -> throw new IllegalArgumentException(curve);
        };
        return generate(curve, "EC", new ECGenParameterSpec(curve), hash + "withECDSA");
    }

    public static ClientKey rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return new ClientKey("rsa-" + bits, generator.generateKeyPair(), "SHA256withRSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ClientKey ed25519() {
        return generate("ed25519", "Ed25519", null, "Ed25519");
    }

    /** An ML-DSA key of parameter set 44, 65 or 87 (FIPS 204), signing pure ML-DSA with an empty context. */
    public static ClientKey mlDsa(int parameterSet) {
        String name = "ML-DSA-" + parameterSet;
        return generate(name.toLowerCase(java.util.Locale.ROOT), name, null, name);
    }

    private static ClientKey generate(String label, String algorithm, ECGenParameterSpec spec, String signature) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, BC);
            if (spec != null) {
                generator.initialize(spec);
            }
            return new ClientKey(label, generator.generateKeyPair(), signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM {@code PUBLIC KEY} text. */
    public String publicKeyPem() {
        return pem(keyPair.getPublic());
    }

    /** Base64 of the signature over {@code message}, the proof of possession. */
    public String proof(String message) {
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm, BC);
            signer.initSign(keyPair.getPrivate());
            signer.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64 of a PEM CSR with an empty subject, signed by this key. */
    public String csr() {
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                    new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), keyPair.getPublic())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm).setProvider(BC).build(keyPair.getPrivate()));
            return Base64.getEncoder().encodeToString(pem(request).getBytes(StandardCharsets.US_ASCII));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return label;
    }
}
