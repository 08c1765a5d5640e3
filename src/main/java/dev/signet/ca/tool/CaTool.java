package dev.signet.ca.tool;

import java.io.PrintStream;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code signet ca ...}: creates CA material for Signet (Fulcio's {@code createca} and
 * {@code certificate-maker} in one), as encrypted PEM files or inside a PKCS#11 token. Plain Java:
 * it never starts the server, its log or the CA beans.
 */
public final class CaTool {

    /** Exit code of a completed command. */
    public static final int OK = 0;

    static final String USAGE = """
            Usage: signet ca <command> [options]

            Commands:
              create        a new root CA and intermediate CA (encrypted PEM files, keys in a PKCS#11 token,
                            or certificates for keys in a cloud KMS)
              intermediate  a new intermediate signed by an existing root: the next issuing CA of a rotation

            Run 'signet ca <command> --help' for its options.
            Exit codes: 0 done, 1 failed (nothing is overwritten), 2 wrong usage.
            Passwords and PINs are read from a file or an environment variable, never from the command line.
            """;

    static final String CREATE_HELP = """
            Usage: signet ca create --out DIR (--password-file FILE | --password-env VAR) [certificate options]
                   signet ca create --pkcs11-config FILE (--pin-env VAR | --pin-file FILE) --key-alias ALIAS
                                    [--root-alias ALIAS] [--out DIR] [certificate options]
                   signet ca create --kms-key REF --root-kms-key REF [--aws-endpoint URL] [--aws-region REGION]
                                    [--gcp-endpoint URL] [--out DIR] [certificate options except --key-type]

            Creates a self-signed root CA (keyCertSign+cRLSign, CA, pathlen 1) and an intermediate CA signed by it
            (keyCertSign+cRLSign, CA, pathlen 0, extendedKeyUsage codeSigning, as Fulcio requires for chaining).

            Files (--out DIR, created owner-only; existing files are never overwritten):
              DIR/chain.pem             intermediate then root       -> signet.ca.file.cert
              DIR/intermediate-key.pem  intermediate key, encrypted  -> signet.ca.file.key
              DIR/root-key.pem          root key, encrypted: keep it offline; it signs the next intermediate
              Keys are PKCS#8 encrypted with the password (PBKDF2-HMAC-SHA256, AES-256-CBC); at least 8 characters.
              --password-file FILE      the password is the file's first line
              --password-env VAR        the password is the value of environment variable VAR

            PKCS#11 token (--pkcs11-config FILE, a SunPKCS11 configuration: library, slot or slotListIndex):
              --pin-env VAR | --pin-file FILE  the user PIN
              --key-alias ALIAS         alias of the intermediate's key and chain -> signet.ca.pkcs11.key-alias
              --root-alias ALIAS        alias of the root's key and certificate (default: <key-alias>-root)
              --out DIR                 also write DIR/chain.pem; the chain is always printed as PEM on stdout
              Keys are generated inside the token (token objects, private, sensitive, not extractable).

            Cloud KMS (--kms-key REF, Fulcio's key references: awskms://[ENDPOINT]/<key id|ARN|alias/NAME>,
            gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K/cryptoKeyVersions/N or hashivault://KEYNAME;
            both keys exist already and are never exported):
              --kms-key REF             the intermediate's key, which signs leaves    -> signet.ca.kms.key
              --root-kms-key REF        the root's key: signs the root and the intermediate through the KMS
              --aws-endpoint URL        AWS KMS endpoint instead of the SDK's (awskms references only)
              --aws-region REGION       AWS region (default: the key ARN's, else the AWS SDK's region chain)
              --gcp-endpoint URL        Cloud KMS endpoint instead of cloudkms.googleapis.com (gcpkms references
                                        only; https, or http on a loopback address without credentials)
              --out DIR                 also write DIR/chain.pem                      -> signet.ca.kms.cert-chain
              Credentials: the AWS SDK's default chain; Google Application Default Credentials; Vault from
              VAULT_ADDR and VAULT_TOKEN
              (TRANSIT_SECRET_ENGINE_PATH, default transit).

            Certificate options:
              --key-type p384|p256|rsa4096       (default p384)
              --organization O                   subject O of both certificates (default "Signet")
              --root-cn CN                       (default "Signet Root CA")
              --intermediate-cn CN               (default "Signet Intermediate CA")
              --root-validity DURATION           (default 3650d; also 87600h or P3650D)
              --intermediate-validity DURATION   (default 1825d; at most the root's)
            """;

    static final String INTERMEDIATE_HELP = """
            Usage: signet ca intermediate --root-cert FILE --root-key FILE --out DIR
                                          (--password-file FILE | --password-env VAR)
                                          [--root-password-file FILE | --root-password-env VAR] [certificate options]
                   signet ca intermediate --pkcs11-config FILE (--pin-env VAR | --pin-file FILE)
                                          --root-alias ALIAS --key-alias NEW-ALIAS [--out DIR] [certificate options]

            Creates the next intermediate CA (same profile as 'create') signed by an existing root, for a rotation
            without downtime: publish DIR/chain.pem with signet.ca.additional-chains first, then switch the
            issuing CA to it (docs/ca.md, "Rotation").

            Files:
              --root-cert FILE          the root certificate, PEM (a chain.pem works: its last certificate is used)
              --root-key FILE           the root's encrypted key (root-key.pem)
              --root-password-file FILE | --root-password-env VAR  the root key's password (default: the new one)
              --out DIR                 writes DIR/chain.pem and DIR/intermediate-key.pem; never overwrites
              --password-file FILE | --password-env VAR            password of the new intermediate key

            PKCS#11 token:
              --root-alias ALIAS        the root's key and certificate in the token
              --key-alias NEW-ALIAS     alias for the new intermediate (must not exist yet)
              --out DIR                 also write DIR/chain.pem; the chain is always printed as PEM on stdout

            Certificate options:
              --key-type p384|p256|rsa4096       (default p384)
              --organization O                   (default "Signet")
              --intermediate-cn CN               (default "Signet Intermediate CA"; a dated name helps operators)
              --intermediate-validity DURATION   (default 1825d; must end before the root expires)
            """;

    private static final Set<String> PKCS11 = Set.of("pkcs11-config", "pin-env", "pin-file", "key-alias", "root-alias");
    private static final Set<String> PASSWORD = Set.of("password-file", "password-env");
    private static final Set<String> ROOT_FILES = Set.of("root-cert", "root-key", "root-password-file",
            "root-password-env");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Clock clock;

    CaTool(PrintStream out, PrintStream err, Map<String, String> environment, Clock clock) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.clock = clock;
    }

    /** Runs {@code signet ca <args>} and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err, System.getenv()));
    }

    /**
     * Runs one command; {@code args} follow {@code ca}. Returns the exit code: {@value #OK} done,
     * 1 failed, 2 wrong usage. Messages go to {@code err}, results (paths, PEM) to {@code out}.
     */
    public static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> environment) {
        return new CaTool(out, err, environment, Clock.systemUTC()).run(args);
    }

    int run(List<String> args) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? ToolFailure.USAGE : OK;
        }
        String command = args.get(0);
        List<String> options = args.subList(1, args.size());
        try {
            switch (command) {
                case "create" -> create(options);
                case "intermediate" -> intermediate(options);
                default -> throw ToolFailure.usage("unknown command '" + (command.length() > 20 ? "…" : command)
                        + "'; commands: create, intermediate");
            }
            return OK;
        } catch (ToolFailure e) {
            boolean known = command.equals("create") || command.equals("intermediate");
            err.println("signet ca" + (known ? " " + command : "") + ": " + e.getMessage());
            if (e.exitCode() == ToolFailure.USAGE) {
                err.println("Run 'signet ca " + (known ? command + " " : "") + "--help' for usage.");
            }
            return e.exitCode();
        } catch (RuntimeException e) {
            // A bug or an unexpected provider failure: say what, without a stack trace that could carry key material.
            err.println("signet ca " + command + ": unexpected " + e.getClass().getName() + ": " + e.getMessage());
            return ToolFailure.FAILED;
        }
    }

    private void create(List<String> options) throws ToolFailure {
        Set<String> known = union(CaOptions.ROOT_AND_INTERMEDIATE, PKCS11, PASSWORD, KmsCommands.OPTIONS,
                Set.of("out"));
        Arguments arguments = Arguments.parse(options, known);
        if (arguments.help()) {
            out.print(CREATE_HELP);
            return;
        }
        Secrets secrets = new Secrets(environment);
        if (arguments.has("kms-key")) {
            refuse(arguments, union(PASSWORD, PKCS11, Set.of(CaOptions.KEY_TYPE)),
                    "with --kms-key (the keys are in the KMS)");
            new KmsCommands(environment, out, err).create(arguments, clock.instant());
        } else if (arguments.has("pkcs11-config")) {
            refuse(arguments, KmsCommands.OPTIONS, "without --kms-key");
            refuse(arguments, PASSWORD, "with --pkcs11-config (keys stay in the token)");
            new Pkcs11Commands(secrets, out, err).create(arguments, clock.instant());
        } else {
            refuse(arguments, union(PKCS11, KmsCommands.OPTIONS), "without --pkcs11-config or --kms-key");
            new FileCommands(secrets, out).create(arguments, clock.instant());
        }
    }

    private void intermediate(List<String> options) throws ToolFailure {
        Set<String> known = union(CaOptions.INTERMEDIATE_ONLY, PKCS11, PASSWORD, ROOT_FILES, Set.of("out"));
        Arguments arguments = Arguments.parse(options, known);
        if (arguments.help()) {
            out.print(INTERMEDIATE_HELP);
            return;
        }
        Secrets secrets = new Secrets(environment);
        if (arguments.has("pkcs11-config")) {
            refuse(arguments, union(PASSWORD, ROOT_FILES), "with --pkcs11-config (keys stay in the token)");
            new Pkcs11Commands(secrets, out, err).intermediate(arguments, clock.instant());
        } else {
            refuse(arguments, PKCS11, "without --pkcs11-config");
            new FileCommands(secrets, out).intermediate(arguments, clock.instant());
        }
    }

    private static void refuse(Arguments arguments, Set<String> options, String context) throws ToolFailure {
        for (String option : options.stream().sorted().toList()) {
            if (arguments.has(option)) {
                throw ToolFailure.usage("option --" + option + " cannot be used " + context);
            }
        }
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return all;
    }
}
