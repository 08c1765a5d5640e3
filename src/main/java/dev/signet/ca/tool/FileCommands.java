package dev.signet.ca.tool;

import dev.signet.ca.CaCertificates;
import dev.signet.ca.CaHierarchy;
import dev.signet.ca.CaMaterialCheck;
import dev.signet.ca.file.PemCaReader;
import dev.signet.ca.file.PemCaWriter;
import dev.signet.codec.BouncyCastle;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** {@code signet ca create} and {@code signet ca intermediate} with keys in encrypted PEM files. */
final class FileCommands {

    private final Secrets secrets;
    private final PrintStream out;
    private final SecureRandom random = new SecureRandom();

    FileCommands(Secrets secrets, PrintStream out) {
        this.secrets = secrets;
        this.out = out;
    }

    /** A new root and intermediate in {@code --out}: chain.pem, intermediate-key.pem, root-key.pem. */
    void create(Arguments arguments, Instant now) throws ToolFailure {
        CaHierarchy.Spec spec = CaOptions.spec(arguments);
        CaKeyType keyType = CaOptions.keyType(arguments);
        Path directory = Path.of(arguments.required("out"));
        refuseExisting(directory, PemCaWriter.CHAIN_FILE, PemCaWriter.INTERMEDIATE_KEY_FILE, PemCaWriter.ROOT_KEY_FILE);
        char[] password = secrets.readNewPassword(arguments, "password-file", "password-env");
        try {
            CaHierarchy hierarchy = CaHierarchy.create(spec, () -> keyType.generate(BouncyCastle.PROVIDER, random),
                    BouncyCastle.PROVIDER, now, random);
            selfCheck(hierarchy.intermediateKeys().getPrivate(), hierarchy.chain(), now);
            PemCaWriter.writeHierarchy(directory, hierarchy, password, PemCaWriter.CHOSEN_PASSWORD_ITERATIONS,
                    random);
            out.println("Created a " + keyType.optionValue() + " root and intermediate in " + directory + ":");
            out.println("  " + directory.resolve(PemCaWriter.ROOT_KEY_FILE)
                    + "  root key, encrypted: keep it offline; it signs the next intermediate");
            describe(directory, hierarchy.chain());
        } catch (IOException e) {
            throw ToolFailure.failed("cannot write to " + directory + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** A new intermediate, signed by an existing root key, in {@code --out}: chain.pem, intermediate-key.pem. */
    void intermediate(Arguments arguments, Instant now) throws ToolFailure {
        CaKeyType keyType = CaOptions.keyType(arguments);
        var subject = CaOptions.intermediateSubject(arguments);
        var lifetime = CaOptions.intermediateLifetime(arguments);
        Path rootCertFile = Path.of(arguments.required("root-cert"));
        Path rootKeyFile = Path.of(arguments.required("root-key"));
        Path directory = Path.of(arguments.required("out"));
        refuseExisting(directory, PemCaWriter.CHAIN_FILE, PemCaWriter.INTERMEDIATE_KEY_FILE);
        char[] password = secrets.readNewPassword(arguments, "password-file", "password-env");
        char[] rootPassword = arguments.has("root-password-file") || arguments.has("root-password-env")
                ? secrets.read(arguments, "root-password-file", "root-password-env", "root key password")
                : password.clone();
        try {
            X509Certificate root = Roots.certificate(rootCertFile);
            PrivateKey rootKey = rootKey(root, rootCertFile, rootKeyFile, rootPassword, now);
            Roots.checkCanSignIntermediate(root, lifetime, now, "the root in " + rootCertFile);
            KeyPair keys = keyType.generate(BouncyCastle.PROVIDER, random);
            X509Certificate intermediate = CaCertificates.intermediate(keys.getPublic(), subject, root, rootKey, now,
                    lifetime, random);
            List<X509Certificate> chain = List.of(intermediate, root);
            selfCheck(keys.getPrivate(), chain, now);
            PemCaWriter.writeIssuing(directory, keys.getPrivate(), chain, password,
                    PemCaWriter.CHOSEN_PASSWORD_ITERATIONS, random);
            out.println("Created a " + keyType.optionValue() + " intermediate signed by "
                    + root.getSubjectX500Principal() + " in " + directory + ":");
            describe(directory, chain);
        } catch (SignetException e) {
            throw ToolFailure.failed(e.getMessage(), e);
        } catch (IOException e) {
            throw ToolFailure.failed("cannot write to " + directory + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
            Arrays.fill(rootPassword, '\0');
        }
    }

    /**
     * The root's key from its encrypted PEM file, checked against the root certificate.
     *
     * @throws SignetException when the key cannot be decrypted or is not the certificate's
     */
    static PrivateKey rootKey(X509Certificate root, Path rootCertFile, Path rootKeyFile, char[] password, Instant now)
            throws ToolFailure {
        PrivateKey rootKey = PemCaReader.parseKey(Roots.read(rootKeyFile, PemCaReader.MAX_KEY_BYTES), rootKeyFile,
                password);
        CaMaterialCheck.check(rootKey, List.of(root), now, rootCertFile + " and " + rootKeyFile);
        return rootKey;
    }

    /** The same checks Signet runs at startup, so the files written are files Signet accepts. */
    private static void selfCheck(PrivateKey key, List<X509Certificate> chain, Instant now) throws ToolFailure {
        try {
            CaMaterialCheck.check(key, chain, now, "the new CA");
        } catch (SignetException e) {
            throw ToolFailure.failed(e.getMessage(), e);
        }
    }

    private void describe(Path directory, List<X509Certificate> chain) {
        X509Certificate root = chain.get(chain.size() - 1);
        out.println(
                "  " + directory.resolve(PemCaWriter.CHAIN_FILE) + "  intermediate then root -> signet.ca.file.cert");
        out.println("  " + directory.resolve(PemCaWriter.INTERMEDIATE_KEY_FILE)
                + "  intermediate key, encrypted -> signet.ca.file.key (signet.ca.file.password: the password given)");
        out.println("Intermediate " + chain.get(0).getSubjectX500Principal() + " SHA-256 "
                + CaCertificates.fingerprint(chain.get(0)));
        out.println("Root " + root.getSubjectX500Principal() + " SHA-256 " + CaCertificates.fingerprint(root));
    }

    static void refuseExisting(Path directory, String... names) throws ToolFailure {
        for (String name : names) {
            if (Files.exists(directory.resolve(name))) {
                throw ToolFailure.failed(directory.resolve(name) + " already exists; refusing to overwrite CA material"
                        + " (choose another --out)");
            }
        }
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw ToolFailure.failed(directory + " exists and is not a directory");
        }
    }
}
