package dev.signet.ca.file;

import dev.signet.ca.CaMaterial;
import dev.signet.ca.CaMaterialCheck;
import dev.signet.codec.BouncyCastle;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a file CA's PEM chain and encrypted PEM key and checks them as a pair. Accepts PKCS#8
 * {@code ENCRYPTED PRIVATE KEY} and legacy OpenSSL-encrypted PEM; refuses unencrypted keys.
 */
public final class PemCaReader {

    /** Largest chain file read. */
    public static final int MAX_CHAIN_BYTES = 1024 * 1024;

    /** Largest key file read. */
    public static final int MAX_KEY_BYTES = 64 * 1024;

    private PemCaReader() {
    }

    /** Reads and checks the material named by {@code files}. */
    public static CaMaterial load(CaFiles files, Instant now) {
        return load(files, read(files.chain(), MAX_CHAIN_BYTES, "CA certificate chain"),
                read(files.key(), MAX_KEY_BYTES, "CA private key"), now);
    }

    /** Parses and checks material from bytes already read from {@code files}. */
    static CaMaterial load(CaFiles files, byte[] chainPem, byte[] keyPem, Instant now) {
        List<X509Certificate> chain = parseChain(chainPem, files.chain());
        char[] password = files.password();
        try {
            PrivateKey key = parseKey(keyPem, files.key(), password);
            return CaMaterialCheck.check(key, chain, now, files.describe());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    static byte[] read(Path path, int maxBytes, String what) {
        try {
            return FileStore.readBounded(path, maxBytes);
        } catch (IOException e) {
            throw new SignetException(ErrorKind.CA_BACKEND, what + " " + path + " cannot be read: " + e, e);
        }
    }

    /** The certificates of a PEM file, in file order; nothing but CERTIFICATE blocks is allowed. */
    public static List<X509Certificate> parseChain(byte[] pem, Path source) {
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser parser = parser(pem)) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw failure("CA certificate chain " + source + " contains a " + object.getClass().getSimpleName()
                            + "; only CERTIFICATE blocks are allowed", null);
                }
                if (chain.size() == CaMaterialCheck.MAX_CHAIN_LENGTH) {
                    throw failure("CA certificate chain " + source + " has more than "
                            + CaMaterialCheck.MAX_CHAIN_LENGTH + " certificates", null);
                }
                chain.add(CaMaterial.toX509(holder));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SignetException signet) {
                throw signet;
            }
            throw failure("CA certificate chain " + source + " is not valid PEM: " + e.getClass().getSimpleName(), e);
        }
        if (chain.isEmpty()) {
            throw failure("CA certificate chain " + source + " contains no certificate", null);
        }
        return chain;
    }

    /** The private key of an encrypted PEM file, decrypted with {@code password}. */
    public static PrivateKey parseKey(byte[] pem, Path source, char[] password) {
        Object object;
        try (PEMParser parser = parser(pem)) {
            object = parser.readObject();
            if (object != null && parser.readObject() != null) {
                throw failure("CA private key " + source + " contains more than one PEM block", null);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SignetException signet) {
                throw signet;
            }
            throw failure("CA private key " + source + " is not valid PEM: " + e.getClass().getSimpleName(), e);
        }
        if (object == null) {
            throw failure("CA private key " + source + " contains no PEM block", null);
        }
        if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair) {
            throw failure("CA private key " + source + " is not encrypted; Signet accepts only an encrypted key"
                    + " (PKCS#8 ENCRYPTED PRIVATE KEY or OpenSSL-encrypted PEM) with signet.ca.file.password", null);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER);
        try {
            if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(BouncyCastle.PROVIDER).build(password);
                return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor));
            }
            if (object instanceof PEMEncryptedKeyPair encrypted) {
                PEMKeyPair pair = encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(password));
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (Exception e) {
            // Causes can echo decrypted garbage but never the password; keep only their type in the message.
            throw failure("CA private key " + source + " cannot be decrypted: wrong password or damaged file ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        throw failure("CA private key " + source + " contains a " + object.getClass().getSimpleName()
                + ", not an encrypted private key", null);
    }

    private static PEMParser parser(byte[] pem) {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
        return new PEMParser(reader);
    }

    private static SignetException failure(String message, Throwable cause) {
        return new SignetException(ErrorKind.CA_BACKEND, message, cause);
    }
}
