package dev.signet.ca.file;

import dev.signet.ca.CaHierarchy;
import dev.signet.codec.BouncyCastle;
import dev.signet.codec.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Writes a file CA's material the way {@link PemCaReader} reads it: the PEM chain and keys
 * encrypted as PKCS#8, in owner-only files written atomically. Shared by the CA a first start
 * generates and by {@code signet ca}.
 */
public final class PemCaWriter {

    /** Intermediate then root, PEM; what {@code signet.ca.file.cert} names. */
    public static final String CHAIN_FILE = "chain.pem";
    /** The intermediate's key, encrypted PKCS#8 PEM; what {@code signet.ca.file.key} names. */
    public static final String INTERMEDIATE_KEY_FILE = "intermediate-key.pem";
    /** The root's key, encrypted PKCS#8 PEM; kept offline, only needed to sign the next intermediate. */
    public static final String ROOT_KEY_FILE = "root-key.pem";

    /**
     * PBKDF2 cost for a password a person chose (the CA tool's keys): slow enough to matter against
     * guessing offline, fast enough for every start.
     */
    public static final int CHOSEN_PASSWORD_ITERATIONS = 100_000;

    /**
     * PBKDF2 cost for a random password of 256 bits (the generated CA's, stored beside its keys):
     * stretching protects guessable passwords and cannot add to 256 bits, while 100,000 iterations
     * were a tenth of the main thread's work at every start.
     */
    public static final int RANDOM_PASSWORD_ITERATIONS = 1_000;

    private PemCaWriter() {
    }

    /**
     * Writes {@value #ROOT_KEY_FILE}, {@value #INTERMEDIATE_KEY_FILE} and then {@value #CHAIN_FILE}
     * (last, so its presence marks a complete set) into {@code directory}, created owner-only if
     * needed. Both keys are encrypted with {@code password}, PBKDF2 with {@code iterations}.
     */
    public static void writeHierarchy(Path directory, CaHierarchy hierarchy, char[] password, int iterations,
            SecureRandom random) throws IOException {
        FileStore.createOwnerOnlyDirectory(directory);
        FileStore.writeAtomically(directory.resolve(ROOT_KEY_FILE),
                encryptedKey(hierarchy.rootKeys().getPrivate(), password, iterations, random));
        writeIssuing(directory, hierarchy.intermediateKeys().getPrivate(), hierarchy.chain(), password, iterations,
                random);
    }

    /**
     * Writes the issuing key as {@value #INTERMEDIATE_KEY_FILE} and then its chain as
     * {@value #CHAIN_FILE} into {@code directory}, created owner-only if needed; the key encrypted
     * with {@code password}, PBKDF2 with {@code iterations}.
     */
    public static void writeIssuing(Path directory, PrivateKey issuingKey, List<X509Certificate> chain,
            char[] password, int iterations, SecureRandom random) throws IOException {
        FileStore.createOwnerOnlyDirectory(directory);
        FileStore.writeAtomically(directory.resolve(INTERMEDIATE_KEY_FILE),
                encryptedKey(issuingKey, password, iterations, random));
        FileStore.writeAtomically(directory.resolve(CHAIN_FILE), certificates(chain));
    }

    /** Writes {@code content} to {@code target} owner-only, durably and atomically. */
    public static void writeOwnerOnly(Path target, byte[] content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            FileStore.createOwnerOnlyDirectory(parent);
        }
        FileStore.writeAtomically(target, content);
    }

    /** PEM of an encrypted PKCS#8 key: PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC (what {@code openssl pkcs8 -topk8} writes). */
    public static byte[] encryptedKey(PrivateKey key, char[] password, int iterations, SecureRandom random)
            throws IOException {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(BouncyCastle.PROVIDER)
                    .setRandom(random)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(iterations)
                    .setPassword(password)
                    .build();
            PemObject encrypted = new JcaPKCS8Generator(key, encryptor).generate();
            return Pem.encode(encrypted.getType(), encrypted.getContent()).getBytes(StandardCharsets.US_ASCII);
        } catch (OperatorCreationException e) {
            throw new IOException("private key cannot be encrypted", e);
        }
    }

    /** PEM {@code CERTIFICATE} blocks, in order. */
    public static byte[] certificates(List<X509Certificate> certificates) throws IOException {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            text.append(Pem.certificate(certificate));
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
