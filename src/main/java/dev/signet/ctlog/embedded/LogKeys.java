package dev.signet.ctlog.embedded;

import dev.signet.codec.BouncyCastle;
import dev.signet.codec.MalformedEncodingException;
import dev.signet.codec.Pem;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The embedded log's ECDSA P-256 key: a PKCS#8 PEM file, generated on first start under the data
 * directory (mode 0600) unless the operator configures one.
 */
public final class LogKeys {
    /** File name of the generated key inside the log directory. */
    public static final String GENERATED_KEY_FILE = "log-key.pem";
    private static final long MAX_KEY_FILE = 16 * 1024;

    private LogKeys() {
    }

    /** Loads {@code configured}, or else loads or generates {@code logDirectory/log-key.pem}. */
    public static KeyPair loadOrGenerate(Path logDirectory, Optional<Path> configured) {
        if (configured.isPresent()) {
            return load(configured.get());
        }
        Path generated = logDirectory.resolve(GENERATED_KEY_FILE);
        if (Files.exists(generated)) {
            return load(generated);
        }
        KeyPair keyPair = generate();
        try {
            Files.createDirectories(logDirectory);
            String pem = toPem(keyPair.getPrivate());
            new Durable(logDirectory).writePrivate(GENERATED_KEY_FILE, pem.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new SignetException(ErrorKind.CT_LOG, "cannot write the generated log key " + generated, e);
        }
        return load(generated);
    }

    /** A fresh P-256 key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new KeyPair(namedCurvePublicKey(pair.getPrivate()), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 key generation is unavailable", e);
        }
    }

    /** Reads a PKCS#8 PEM private key and derives its public key. */
    public static KeyPair load(Path file) {
        try {
            if (Files.size(file) > MAX_KEY_FILE) {
                throw new SignetException(ErrorKind.CT_LOG, "log key file " + file + " is too large");
            }
            byte[] der;
            try {
                der = Pem.decodeAmongText(Files.readAllBytes(file), "PRIVATE KEY");
            } catch (MalformedEncodingException e) {
                throw new SignetException(ErrorKind.CT_LOG, "log key file " + file + " holds no PKCS#8 private key ("
                        + e.getMessage() + ")");
            }
            PrivateKey privateKey = KeyFactory.getInstance("EC", BouncyCastle.PROVIDER).generatePrivate(
                    new PKCS8EncodedKeySpec(der));
            return new KeyPair(namedCurvePublicKey(privateKey), privateKey);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof SignetException signet) {
                throw signet;
            }
            // The message never includes key material, only the path.
            throw new SignetException(ErrorKind.CT_LOG, "cannot read the log key " + file, e);
        }
    }

    /** PKCS#8 PEM text of {@code key}. */
    public static String toPem(PrivateKey key) {
        return Pem.encode("PRIVATE KEY", key.getEncoded());
    }

    /**
     * The public key with the named-curve SubjectPublicKeyInfo every CT client hashes into the log
     * ID; an explicit-parameters encoding would give a different, useless log ID.
     */
    private static PublicKey namedCurvePublicKey(PrivateKey privateKey) throws GeneralSecurityException {
        if (!(privateKey instanceof ECPrivateKey ec) || ec.getParameters() == null
                || !ec.getParameters().getCurve().equals(ECNamedCurveTable.getParameterSpec("secp256r1").getCurve())) {
            throw new GeneralSecurityException("the log key must be ECDSA P-256");
        }
        ECPoint q = ec.getParameters().getG().multiply(ec.getD()).normalize();
        SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1),
                q.getEncoded(false));
        try {
            return KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode the log public key", e);
        }
    }
}
