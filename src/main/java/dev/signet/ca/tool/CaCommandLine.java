package dev.signet.ca.tool;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The grammar and help of {@code signet ca}, declared with picocli's programmatic model: every option
 * takes one value ({@code --name value} or {@code --name=value}) at most once, and its name is what
 * {@link Arguments} is asked for. Which options go together is checked by {@link CaTool}, with
 * messages that say why.
 */
final class CaCommandLine {

    static final String CREATE = "create";
    static final String INTERMEDIATE = "intermediate";
    static final List<String> COMMANDS = List.of(CREATE, INTERMEDIATE);

    private static final int WIDTH = 110;
    private static final String KMS_REFERENCES = """
              Fulcio's key references: awskms://[ENDPOINT]/<key id|ARN|alias/NAME>,
              gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K/cryptoKeyVersions/N, hashivault://KEYNAME.
              Credentials: the AWS SDK's default chain; Google Application Default Credentials; Vault from
              VAULT_ADDR and VAULT_TOKEN (TRANSIT_SECRET_ENGINE_PATH, default transit).
            """.replace("\n", "%n");

    private CaCommandLine() {
    }

    /** A fresh {@code signet ca} command line; one per run, as picocli keeps parse state in it. */
    static CommandLine build() {
        CommandSpec ca = command("signet ca");
        ca.usageMessage()
                .customSynopsis("Usage: signet ca <command> [options]")
                .commandListHeading("%nCommands:%n")
                .description("Creates CA material for Signet: a root and intermediate as encrypted PEM files, inside a"
                        + " PKCS#11 token or for keys in a cloud KMS, and the next intermediate of a rotation.")
                .footerHeading("%n")
                .footer("Run 'signet ca <command> --help' for its options.",
                        "Exit codes: 0 done, 1 failed (nothing is overwritten), 2 wrong usage.",
                        "Passwords and PINs are read from a file or an environment variable, never from the command"
                                + " line.");
        CommandLine commandLine = new CommandLine(ca)
                .addSubcommand(CREATE, new CommandLine(create()))
                .addSubcommand(INTERMEDIATE, new CommandLine(intermediate()))
                .addSubcommand("help", new HelpCommand());
        // An argument starting with @ is a value here (a path, a label), never a file of more arguments.
        commandLine.setExpandAtFiles(false);
        commandLine.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        return commandLine;
    }

    /**
     * What was wrong, for the operator. Picocli's own messages quote the offending argument; an
     * argument that is not an option is not echoed here, as it may be a secret typed in the wrong place.
     */
    static String describe(ParameterException e, List<String> args) {
        if (!(e instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return shorten(e.getMessage(), 200);
        }
        String argument = unmatched.getUnmatched().get(0);
        if (argument.startsWith("-") && argument.length() > 1) {
            int equals = argument.indexOf('=');
            return "unknown option " + shorten(equals > 0 ? argument.substring(0, equals) : argument, 42);
        }
        if (e.getCommandLine().getParent() == null) {
            return "unknown command '" + (argument.length() > 20 ? "…" : argument) + "'; commands: "
                    + String.join(", ", COMMANDS);
        }
        return "unexpected argument " + (args.indexOf(argument) + 1) + " (options start with --)";
    }

    // Echoed input is kept short in case a secret was pasted in the wrong place.
    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    private static CommandSpec create() {
        CommandSpec spec = command(CREATE)
                .addOption(option("out", "DIR", "files: the directory to write chain.pem, intermediate-key.pem and"
                        + " root-key.pem to (created owner-only; existing files are never overwritten); PKCS#11 and"
                        + " KMS: also write DIR/chain.pem, which is always printed as PEM on standard output"))
                .addArgGroup(group("%nFiles (keys encrypted as PKCS#8 with the password: PBKDF2-HMAC-SHA256,"
                        + " AES-256-CBC; at least 8 characters):%n"
                        + "  DIR/chain.pem             intermediate then root       -> signet.ca.file.cert%n"
                        + "  DIR/intermediate-key.pem  intermediate key, encrypted  -> signet.ca.file.key%n"
                        + "  DIR/root-key.pem          root key, encrypted: keep it offline; it signs the next"
                        + " intermediate%n",
                        option("password-file", "FILE", "the password is the file's first line"),
                        option("password-env", "VAR", "the password is the value of environment variable VAR")))
                .addArgGroup(pkcs11Group(
                        option("key-alias", "ALIAS",
                                "alias of the intermediate's key and chain -> signet.ca.pkcs11.key-alias"),
                        option("root-alias", "ALIAS",
                                "alias of the root's key and certificate (default: <key-alias>-root)")))
                .addArgGroup(kmsGroup("%nCloud KMS (both keys exist already and are never exported):%n"
                        + KMS_REFERENCES,
                        option("kms-key", "REF", "the intermediate's key, which signs leaves; the chain written"
                                + " goes with it (signet.ca.kms.key, signet.ca.kms.cert-chain)"),
                        option("root-kms-key", "REF",
                                "the root's key: signs the root and the intermediate through the KMS")))
                .addArgGroup(certificateGroup(true));
        spec.usageMessage()
                .header("A new root CA and intermediate CA: encrypted PEM files, keys in a PKCS#11 token, or"
                        + " certificates for keys in a cloud KMS.")
                .customSynopsis(
                        "Usage: signet ca create --out DIR (--password-file FILE | --password-env VAR)"
                                + " [certificate options]",
                        "       signet ca create --pkcs11-config FILE (--pin-env VAR | --pin-file FILE)"
                                + " --key-alias ALIAS",
                        "                        [--root-alias ALIAS] [--out DIR] [certificate options]",
                        "       signet ca create --kms-key REF --root-kms-key REF [--aws-endpoint URL]"
                                + " [--aws-region REGION]",
                        "                        [--gcp-endpoint URL] [--out DIR] [certificate options except"
                                + " --key-type]")
                .description("Creates a self-signed root CA (keyCertSign+cRLSign, CA, pathlen 1) and an intermediate"
                        + " CA signed by it (keyCertSign+cRLSign, CA, pathlen 0, extendedKeyUsage codeSigning, as"
                        + " Fulcio requires for chaining).");
        return spec;
    }

    private static CommandSpec intermediate() {
        CommandSpec spec = command(INTERMEDIATE)
                .addOption(option("out", "DIR", "files: writes DIR/chain.pem and DIR/intermediate-key.pem (never"
                        + " overwrites); PKCS#11 and KMS: also write DIR/chain.pem, which is always printed as PEM on"
                        + " standard output"))
                .addArgGroup(group("%nRoot in files:%n",
                        option("root-cert", "FILE",
                                "the root certificate, PEM (a chain.pem works: its last certificate is used)"),
                        option("root-key", "FILE", "the root's encrypted key (root-key.pem)"),
                        option("root-password-file", "FILE",
                                "the root key's password, first line of FILE (default: the new key's password)"),
                        option("root-password-env", "VAR", "the root key's password from environment variable VAR")))
                .addArgGroup(group("%nNew intermediate key in a file:%n",
                        option("password-file", "FILE", "password of the new intermediate key, first line of FILE"),
                        option("password-env", "VAR", "password of the new intermediate key from variable VAR")))
                .addArgGroup(pkcs11Group(
                        option("root-alias", "ALIAS", "the root's key and certificate in the token"),
                        option("key-alias", "NEW-ALIAS", "alias for the new intermediate (must not exist yet)")))
                .addArgGroup(kmsGroup("%nCloud KMS (the new intermediate's key exists already and is never"
                        + " exported):%n" + KMS_REFERENCES,
                        option("kms-key", "REF", "the new intermediate's key, which signs leaves (signet.ca.kms.key)"),
                        option("root-kms-key", "REF", "the root's key in a KMS, with --root-cert; without it the"
                                + " root is --root-cert and --root-key")))
                .addArgGroup(certificateGroup(false));
        spec.usageMessage()
                .header("A new intermediate signed by an existing root: the next issuing CA of a rotation.")
                .customSynopsis(
                        "Usage: signet ca intermediate --root-cert FILE --root-key FILE --out DIR",
                        "                              (--password-file FILE | --password-env VAR)",
                        "                              [--root-password-file FILE | --root-password-env VAR]"
                                + " [certificate options]",
                        "       signet ca intermediate --pkcs11-config FILE (--pin-env VAR | --pin-file FILE)",
                        "                              --root-alias ALIAS --key-alias NEW-ALIAS [--out DIR]"
                                + " [certificate options]",
                        "       signet ca intermediate --kms-key REF --root-cert FILE (--root-kms-key REF",
                        "                              | --root-key FILE (--root-password-file FILE |"
                                + " --root-password-env VAR))",
                        "                              [endpoint options] [--out DIR] [certificate options except"
                                + " --key-type]")
                .description("Creates the next intermediate CA (same profile as 'create') signed by an existing root,"
                        + " for a rotation without downtime: publish DIR/chain.pem with signet.ca.additional-chains"
                        + " first, then switch the issuing CA to it (docs/ca.md, \"Rotation\").");
        return spec;
    }

    private static ArgGroupSpec pkcs11Group(OptionSpec... aliases) {
        ArgGroupSpec.Builder group = ArgGroupSpec.builder()
                .heading("%nPKCS#11 token (keys are generated inside the token: token objects, private, sensitive, not"
                        + " extractable):%n")
                .addArg(option("pkcs11-config", "FILE",
                        "a SunPKCS11 configuration (library, slot or slotListIndex)"))
                .addArg(option("pin-env", "VAR", "the user PIN from environment variable VAR"))
                .addArg(option("pin-file", "FILE", "the user PIN, first line of FILE"));
        for (OptionSpec alias : aliases) {
            group.addArg(alias);
        }
        return finish(group);
    }

    /** The KMS keys' options, then the endpoints every KMS command takes. */
    private static ArgGroupSpec kmsGroup(String heading, OptionSpec... keys) {
        ArgGroupSpec.Builder group = ArgGroupSpec.builder().heading(heading);
        for (OptionSpec key : keys) {
            group.addArg(key);
        }
        group.addArg(option("aws-endpoint", "URL", "AWS KMS endpoint instead of the SDK's (awskms references only)"))
                .addArg(option("aws-region", "REGION",
                        "AWS region (default: the key ARN's, else the AWS SDK's region chain)"))
                .addArg(option("gcp-endpoint", "URL", "Cloud KMS endpoint instead of cloudkms.googleapis.com (gcpkms"
                        + " references only; https, or http on a loopback address without credentials)"));
        return finish(group);
    }

    private static ArgGroupSpec certificateGroup(boolean withRoot) {
        ArgGroupSpec.Builder group = ArgGroupSpec.builder()
                .heading("%nCertificate options:%n")
                .addArg(option(CaOptions.KEY_TYPE, "p384|p256|rsa4096",
                        "type of the new keys (default " + CaKeyType.P384.optionValue() + ")"))
                .addArg(option(CaOptions.ORGANIZATION, "O",
                        "subject O (default \"" + CaOptions.DEFAULT_ORGANIZATION + "\")"));
        if (withRoot) {
            group.addArg(option(CaOptions.ROOT_CN, "CN", "(default \"" + CaOptions.DEFAULT_ROOT_CN + "\")"));
        }
        group.addArg(option(CaOptions.INTERMEDIATE_CN, "CN", "(default \"" + CaOptions.DEFAULT_INTERMEDIATE_CN + "\""
                + (withRoot ? ")" : "; a dated name helps operators)")));
        if (withRoot) {
            group.addArg(option(CaOptions.ROOT_VALIDITY, "DURATION",
                    "(default " + CaOptions.DEFAULT_ROOT_VALIDITY + "; also 87600h or P3650D)"));
        }
        group.addArg(option(CaOptions.INTERMEDIATE_VALIDITY, "DURATION", "(default "
                + CaOptions.DEFAULT_INTERMEDIATE_VALIDITY + "; must end before the root expires)"));
        return finish(group);
    }

    private static ArgGroupSpec group(String heading, OptionSpec... options) {
        ArgGroupSpec.Builder group = ArgGroupSpec.builder().heading(heading);
        for (OptionSpec option : options) {
            group.addArg(option);
        }
        return finish(group);
    }

    // Groups only arrange the help into sections; CaTool checks the combinations with its own messages.
    private static ArgGroupSpec finish(ArgGroupSpec.Builder group) {
        return group.exclusive(false).validate(false).multiplicity("0..1").build();
    }

    private static CommandSpec command(String name) {
        CommandSpec spec = CommandSpec.create().name(name).addOption(help());
        spec.usageMessage().sortOptions(false).width(WIDTH).synopsisHeading("").descriptionHeading("%n")
                .optionListHeading("%n");
        spec.parser().overwrittenOptionsAllowed(false).abbreviatedOptionsAllowed(false)
                .posixClusteredShortOptionsAllowed(false);
        return spec;
    }

    private static OptionSpec help() {
        return OptionSpec.builder("--help", "-h").usageHelp(true).description("this help").build();
    }

    /** {@code --name LABEL}: one value, kept as given; converted and checked by the command that reads it. */
    private static OptionSpec option(String name, String label, String description) {
        return OptionSpec.builder("--" + name).paramLabel(label).type(String.class).arity("1")
                .description(description).build();
    }
}
