package dev.signet.ca;

import dev.signet.certificate.LeafTemplate;
import dev.signet.codec.BouncyCastle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA signing key with its chain. One issuance uses one instance for all its signatures, so a key
 * rotation in between cannot mix keys.
 *
 * @param signingKey private key of {@code chain.get(0)}
 * @param chain      issuing certificate first, root last; never empty
 * @param algorithm  how {@code signingKey} signs
 * @param provider   the JCA provider that signs with {@code signingKey}: Bouncy Castle for a key in
 *                   memory, the PKCS#11 provider for a key in an HSM
 */
public record CaMaterial(PrivateKey signingKey, List<X509Certificate> chain, CaSignatureAlgorithm algorithm,
        Provider provider) {

    public CaMaterial {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(provider, "provider");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("CA chain is empty");
        }
    }

    /** Material for a key in memory; Bouncy Castle signs with it. */
    public CaMaterial(PrivateKey signingKey, List<X509Certificate> chain, CaSignatureAlgorithm algorithm) {
        this(signingKey, chain, algorithm, BouncyCastle.PROVIDER);
    }

    /** Material whose algorithm follows from the issuing certificate's key. */
    public CaMaterial(PrivateKey signingKey, List<X509Certificate> chain) {
        this(signingKey, chain, CaSignatureAlgorithm.forKey(chain.get(0).getPublicKey()));
    }

    /** The certificate leaves are issued under. */
    public X509Certificate issuingCertificate() {
        return chain.get(0);
    }

    /** The root of the chain. */
    public X509Certificate root() {
        return chain.get(chain.size() - 1);
    }

    /** Signs {@code template}; throws IllegalStateException when the key cannot sign. */
    public X509Certificate sign(LeafTemplate template) {
        X509CertificateHolder holder = template.toBuilder().build(signer());
        return toX509(holder);
    }

    /** A content signer for this key, for signing anything certificate-shaped. */
    public ContentSigner signer() {
        try {
            return new JcaContentSignerBuilder(algorithm.jcaName())
                    .setProvider(provider)
                    .build(signingKey);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("CA key cannot sign with " + algorithm.jcaName(), e);
        }
    }

    /** The JDK's view of a Bouncy Castle certificate (raw encodings preserved). */
    public static X509Certificate toX509(X509CertificateHolder holder) {
        try {
            return toX509(holder.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("signed certificate cannot be encoded", e);
        }
    }

    /** The JDK's parse of a certificate Signet encoded itself. */
    static X509Certificate toX509(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("signed certificate cannot be parsed", e);
        }
    }

    @Override
    public String toString() {
        // Never print the private key, whatever its toString does.
        return "CaMaterial[" + algorithm + ", issuing " + issuingCertificate().getSubjectX500Principal()
                + ", chain of " + chain.size() + "]";
    }
}
