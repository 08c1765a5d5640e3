package dev.signet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * SoftHSM2 tokens for tests. SoftHSM reads
 * {@code SOFTHSM2_CONF} once, when the library is first loaded into the JVM, and a token initialised
 * after that is invisible to this process ({@code CKR_SLOT_ID_INVALID}); so surefire points
 * {@code SOFTHSM2_CONF} at {@code target/softhsm2/softhsm2.conf}, and the first use in a run wipes that
 * directory and initialises a pool of tokens at once; each test class then takes its own token
 * (its own directory under {@code tokens/}, its own slot) with {@link #newToken()}. Every token
 * used in a run must come from here: one initialised later in the run would be invisible.
 *
 * <p>Tests skip with an assumption when SoftHSM is not installed, unless
 * {@code SIGNET_REQUIRE_SOFTHSM=true} (set by {@code .ci/run}), where they fail instead.
 */
public final class SoftHsm {

    /** Where Debian's softhsm2 package puts the PKCS#11 library. */
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    /** User PIN of every test token. */
    public static final String PIN = "1234";
    private static final String SO_PIN = "5678";
    private static final int POOL_SIZE = 6;
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");

    private static final String POOL_PROPERTY = "softhsm.test.pool";
    private static final String TAKEN_PROPERTY = "softhsm.test.taken";
    private static final String MANIFEST = "tokens.txt";

    private SoftHsm() {
    }

    /** Why SoftHSM cannot be used here, or null when it can. */
    public static String unavailableReason() {
        if (!Files.isRegularFile(LIBRARY)) {
            return LIBRARY + " is missing (apt-get install softhsm2)";
        }
        if (!onPath("softhsm2-util")) {
            return "softhsm2-util is not on the PATH (apt-get install softhsm2)";
        }
        if (System.getenv("SOFTHSM2_CONF") == null) {
            return "SOFTHSM2_CONF is not set: run the tests through Maven (surefire sets it)";
        }
        return null;
    }

    /** For {@code @EnabledIf}: true when SoftHSM is usable or required (then the test fails loudly). */
    public static boolean usableOrRequired() {
        return unavailableReason() == null || required();
    }

    /** Skips the calling test when SoftHSM is unavailable; fails it instead when SoftHSM is required. */
    public static void assumeAvailable() {
        String reason = unavailableReason();
        if (reason != null && required()) {
            Assertions.fail("SIGNET_REQUIRE_SOFTHSM is set but SoftHSM is unavailable: " + reason);
        }
        Assumptions.assumeTrue(reason == null, () -> "SoftHSM2 tests skipped: " + reason);
    }

    private static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("SIGNET_REQUIRE_SOFTHSM"));
    }

    /**
     * A token of its own for the caller, initialised with {@link #PIN} and no objects. The pool is
     * JVM-wide (its state in system properties, its tokens listed in a file), because
     * {@code @QuarkusTest}s load this class again in their own class loader, and a second pool would
     * wipe tokens the library already has open.
     */
    public static Token newToken() {
        assumeAvailable();
        synchronized (System.getProperties()) {
            Path root = Path.of(System.getenv("SOFTHSM2_CONF")).toAbsolutePath().getParent();
            if (System.getProperty(POOL_PROPERTY) == null) {
                initialisePool(root);
                System.setProperty(POOL_PROPERTY, root.toString());
            }
            int taken = Integer.parseInt(System.getProperty(TAKEN_PROPERTY, "0"));
            if (taken >= POOL_SIZE) {
                throw new IllegalStateException("All " + POOL_SIZE + " SoftHSM test tokens are taken; raise POOL_SIZE");
            }
            System.setProperty(TAKEN_PROPERTY, Integer.toString(taken + 1));
            return pool(root).get(taken);
        }
    }

    /**
     * The token for {@code purpose}, taken from the pool and passed to {@code setUp} on the first call
     * in this JVM only: Quarkus asks a test profile for its configuration more than once.
     */
    public static Token tokenFor(String purpose, java.util.function.Consumer<Token> setUp) {
        synchronized (System.getProperties()) {
            String property = "softhsm.test.purpose." + purpose;
            String label = System.getProperty(property);
            if (label != null) {
                return token(label);
            }
            Token token = newToken();
            setUp.accept(token);
            System.setProperty(property, token.label());
            return token;
        }
    }

    /** A token handed out before, by its label (for a test whose profile took it). */
    public static Token token(String label) {
        Path root = Path.of(System.getenv("SOFTHSM2_CONF")).toAbsolutePath().getParent();
        return pool(root).stream().filter(token -> token.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no SoftHSM test token " + label));
    }

    private static List<Token> pool(Path root) {
        try {
            List<Token> tokens = new ArrayList<>();
            for (String line : Files.readAllLines(root.resolve(MANIFEST))) {
                String[] fields = line.split(" ", 3);
                tokens.add(new Token(fields[0], Long.parseLong(fields[1]), Path.of(fields[2]), root));
            }
            return tokens;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void initialisePool(Path root) {
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF")).toAbsolutePath();
        Path tokens = root.resolve("tokens");
        try {
            deleteTree(root);
            Files.createDirectories(tokens);
            Files.writeString(conf,
                    "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
            StringBuilder manifest = new StringBuilder();
            for (int i = 1; i <= POOL_SIZE; i++) {
                Set<Path> before = children(tokens);
                String label = "signet-test-" + i;
                String output = run(List.of("softhsm2-util", "--init-token", "--free", "--label", label,
                        "--pin", PIN, "--so-pin", SO_PIN));
                Matcher slot = SLOT.matcher(output);
                if (!slot.find()) {
                    throw new IllegalStateException("softhsm2-util did not name the new slot: " + output);
                }
                Set<Path> after = children(tokens);
                after.removeAll(before);
                if (after.size() != 1) {
                    throw new IllegalStateException("expected one new token directory, found " + after);
                }
                manifest.append(label).append(' ').append(slot.group(1)).append(' ')
                        .append(after.iterator().next()).append('\n');
            }
            Files.writeString(root.resolve(MANIFEST), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One initialised token. */
    public record Token(String label, long slot, Path directory, Path root) {

        /** A SunPKCS11 configuration for this token's slot (reference §6.3: no {@code tokenLabel} keyword). */
        public Path providerConfig() {
            return providerConfig(LIBRARY.toString());
        }

        /** The same configuration naming another library, e.g. one that does not exist. */
        public Path providerConfig(String library) {
            Path file = root.resolve(label + "-" + Integer.toHexString(library.hashCode()) + ".cfg");
            String text = "name = " + label.replace("-", "") + "\n"
                    + "library = " + library + "\n"
                    + "slot = " + slot + "\n"
                    + "attributes(generate, *, *) = {\n  CKA_TOKEN = true\n}\n"
                    + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
                    + "  CKA_PRIVATE = true\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n";
            try {
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        }

        /**
         * Creates a CA key in the token with keytool, as an operator would: EC {@code curve}, with a
         * self-signed CA certificate {@code CN=<alias>} valid for ten years.
         */
        public void generateCaKey(String alias, String curve) {
            String signatureAlgorithm = switch (curve) {
                case "secp256r1" -> "SHA256withECDSA";
                case "secp384r1" -> "SHA384withECDSA";
                default -> "SHA512withECDSA";
            };
            run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                    "-keystore", "NONE", "-storetype", "PKCS11", "-addprovider", "SunPKCS11",
                    "-providerArg", providerConfig().toString(), "-storepass", PIN, "-alias", alias,
                    "-keyalg", "EC", "-groupname", curve, "-sigalg", signatureAlgorithm, "-dname", "CN=" + alias,
                    "-validity", "3650", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign"));
        }

        /**
         * Installs a CA's reply for the key under {@code alias} (PEM: its certificate, then the
         * chain up to the root), as {@code keytool -importcert} does after {@code -certreq}.
         */
        public void importCertificateReply(String alias, Path replyPem) {
            run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert",
                    "-keystore", "NONE", "-storetype", "PKCS11", "-addprovider", "SunPKCS11",
                    "-providerArg", providerConfig().toString(), "-storepass", PIN, "-alias", alias,
                    "-file", replyPem.toString(), "-noprompt"));
        }

        /**
         * The HSM loses the token's objects (keys, certificates): their files move out of the token
         * directory. Handles this process holds become invalid at once.
         */
        public void loseObjects() {
            moveObjects(directory, lostDirectory());
        }

        /** The objects come back, as after an HSM restore; a fresh login finds them again. */
        public void restoreObjects() {
            moveObjects(lostDirectory(), directory);
        }

        private Path lostDirectory() {
            return root.resolve(label + "-lost");
        }

        private void moveObjects(Path from, Path to) {
            try {
                Files.createDirectories(to);
                List<Path> objects;
                try (Stream<Path> files = Files.list(from)) {
                    objects = files.filter(file -> {
                        String name = file.getFileName().toString();
                        return !name.startsWith("token.") && !name.equals("generation");
                    }).toList();
                }
                for (Path object : objects) {
                    Files.move(object, to.resolve(object.getFileName()));
                }
                bumpGeneration();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * SoftHSM re-reads a token directory only when the token's generation counter (8 bytes, big
         * endian, in {@code <token>/generation}) changed, as every write by another SoftHSM process does.
         */
        private void bumpGeneration() throws IOException {
            Path generation = directory.resolve("generation");
            long value = ByteBuffer.wrap(Files.readAllBytes(generation)).getLong();
            Files.write(generation, ByteBuffer.allocate(Long.BYTES).putLong(value + 1).array());
        }
    }

    private static Set<Path> children(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return new HashSet<>(files.toList());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " exited with " + process.exitValue() + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
