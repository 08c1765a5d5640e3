package dev.signet.ca.file;

import dev.signet.ca.CaCertificates;
import dev.signet.ca.CaHierarchy;
import dev.signet.codec.BouncyCastle;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The CA a first start creates when no key is configured: a P-384 root and intermediate under
 * {@code <data-dir>/ca}, keys encrypted with a random password stored beside them. Later starts
 * reuse the files. Convenient for trying Signet; production brings its own key.
 */
public final class GeneratedCa {

    /** Sub-directory of the data directory holding the generated material. */
    public static final String DIRECTORY = "ca";
    /** Intermediate then root, PEM. */
    public static final String CHAIN_FILE = PemCaWriter.CHAIN_FILE;
    /** The intermediate's key, encrypted PKCS#8 PEM. */
    public static final String INTERMEDIATE_KEY_FILE = PemCaWriter.INTERMEDIATE_KEY_FILE;
    /** The root's key, encrypted PKCS#8 PEM; not used by Signet after generation. */
    public static final String ROOT_KEY_FILE = PemCaWriter.ROOT_KEY_FILE;
    /** The password of both keys. */
    public static final String PASSWORD_FILE = "password";

    static final Duration ROOT_LIFETIME = Duration.ofDays(3650);
    static final Duration INTERMEDIATE_LIFETIME = Duration.ofDays(1825);

    /** What a first start creates: P-384 root and intermediate, CN and O as Fulcio's specification asks. */
    static final CaHierarchy.Spec SPEC = new CaHierarchy.Spec(CaCertificates.name("Signet Root CA", "Signet"),
            CaCertificates.name("Signet Intermediate CA", "Signet"), ROOT_LIFETIME, INTERMEDIATE_LIFETIME, null);

    private static final int MAX_PASSWORD_BYTES = 1024;

    private static final Logger LOG = Logger.getLogger(GeneratedCa.class);

    private GeneratedCa() {
    }

    /**
     * The generated material in {@code directory}, created first if there is none. A directory
     * without {@value #CHAIN_FILE} holds at most an interrupted generation and is generated again;
     * one with the chain but another file missing is refused rather than replaced.
     */
    public static CaFiles ensure(Path directory, Clock clock) {
        Path chain = directory.resolve(CHAIN_FILE);
        Path intermediateKey = directory.resolve(INTERMEDIATE_KEY_FILE);
        Path password = directory.resolve(PASSWORD_FILE);
        try {
            if (!Files.exists(chain)) {
                generate(directory, clock.instant());
            } else {
                for (Path required : List.of(intermediateKey, password)) {
                    if (!Files.exists(required)) {
                        throw new SignetException(ErrorKind.CA_BACKEND,
                                "Generated CA in " + directory + " is incomplete: "
                                        + required.getFileName() + " is missing. Restore it, or remove " + directory
                                        + " to generate a new CA (clients must then trust the new root)");
                    }
                }
            }
            CaFiles files = new CaFiles(chain, intermediateKey, readPassword(password));
            warnGenerated(files);
            return files;
        } catch (IOException e) {
            throw new SignetException(ErrorKind.CA_BACKEND,
                    "Generated CA in " + directory + " cannot be written or read: "
                            + e,
                    e);
        }
    }

    private static void generate(Path directory, Instant now) throws IOException {
        SecureRandom random = new SecureRandom();
        CaHierarchy hierarchy = CaHierarchy.create(SPEC, () -> CaCertificates.ecKeyPair("secp384r1", random),
                BouncyCastle.PROVIDER, now, random);
        byte[] passwordBytes = new byte[32];
        random.nextBytes(passwordBytes);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(passwordBytes).toCharArray();

        FileStore.createOwnerOnlyDirectory(directory);
        // The chain is written last (by writeHierarchy): its presence marks a complete generation.
        FileStore.writeAtomically(directory.resolve(PASSWORD_FILE),
                (new String(password) + "\n").getBytes(StandardCharsets.US_ASCII));
        PemCaWriter.writeHierarchy(directory, hierarchy, password, PemCaWriter.RANDOM_PASSWORD_ITERATIONS, random);
        LOG.warnf("Generated a new CA under %s (root and intermediate, P-384).", directory);
    }

    private static char[] readPassword(Path path) throws IOException {
        String text = new String(FileStore.readBounded(path, MAX_PASSWORD_BYTES), StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new SignetException(ErrorKind.CA_BACKEND, "Generated CA password file " + path + " is empty");
        }
        return text.toCharArray();
    }

    private static void warnGenerated(CaFiles files) {
        byte[] chainPem = PemCaReader.read(files.chain(), PemCaReader.MAX_CHAIN_BYTES, "CA certificate chain");
        List<X509Certificate> chain = PemCaReader.parseChain(chainPem, files.chain());
        X509Certificate root = chain.get(chain.size() - 1);
        LOG.warnf("Signing with the CA generated under %s; root %s, SHA-256 fingerprint %s. "
                + "This is for trying Signet: production must bring its own key "
                + "(signet.ca.file.cert, signet.ca.file.key, signet.ca.file.password).",
                files.chain().getParent(), root.getSubjectX500Principal(), CaCertificates.fingerprint(root));
    }
}
