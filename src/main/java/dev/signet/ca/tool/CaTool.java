package dev.signet.ca.tool;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code signet ca ...}: creates CA material for Signet (Fulcio's {@code createca} and
 * {@code certificate-maker} in one), as encrypted PEM files, inside a PKCS#11 token or for keys in a
 * cloud KMS; picocli parses its command line ({@link CaCommandLine}). Plain Java:
 * it never starts the server, its log or the CA beans.
 */
public final class CaTool {

    /** Exit code of a completed command. */
    public static final int OK = 0;

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
        CommandLine commandLine = CaCommandLine.build();
        // Help goes to out only when asked for; picocli's writers are buffers this method copies from.
        StringWriter help = new StringWriter();
        commandLine.setOut(new PrintWriter(help));
        commandLine.setErr(new PrintWriter(help));
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args.toArray(new String[0]));
        } catch (ParameterException e) {
            String command = e.getCommandLine() == commandLine ? null : e.getCommandLine().getCommandName();
            return usageError(command, CaCommandLine.describe(e, args));
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            out.print(help);
            out.flush();
            return OK;
        }
        if (!parsed.hasSubcommand()) {
            // Nothing to do: the overview, on the error stream as for any other usage error.
            err.print(commandLine.getUsageMessage());
            return ToolFailure.USAGE;
        }
        ParseResult subcommand = parsed.subcommand();
        String command = subcommand.commandSpec().name();
        try {
            Arguments arguments = Arguments.of(subcommand);
            switch (command) {
                case CaCommandLine.CREATE -> create(arguments);
                case CaCommandLine.INTERMEDIATE -> intermediate(arguments);
                default -> throw new IllegalStateException("no such command " + command);
            }
            return OK;
        } catch (ToolFailure e) {
            if (e.exitCode() == ToolFailure.USAGE) {
                return usageError(command, e.getMessage());
            }
            err.println("signet ca " + command + ": " + e.getMessage());
            return e.exitCode();
        } catch (RuntimeException e) {
            // A bug or an unexpected provider failure: say what, without a stack trace that could carry key material.
            err.println("signet ca " + command + ": unexpected " + e.getClass().getName() + ": " + e.getMessage());
            return ToolFailure.FAILED;
        }
    }

    /** The message and where to find the usage; {@code command} is null for {@code signet ca} itself. */
    private int usageError(String command, String message) {
        String name = command == null ? "signet ca" : "signet ca " + command;
        err.println(name + ": " + message);
        err.println("Run '" + name + " --help' for usage.");
        return ToolFailure.USAGE;
    }

    private void create(Arguments arguments) throws ToolFailure {
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

    private void intermediate(Arguments arguments) throws ToolFailure {
        Secrets secrets = new Secrets(environment);
        if (arguments.has("kms-key")) {
            refuse(arguments, union(PASSWORD, PKCS11, Set.of(CaOptions.KEY_TYPE)),
                    "with --kms-key (the new key is in the KMS)");
            new KmsCommands(environment, out, err).intermediate(arguments, secrets, clock.instant());
        } else if (arguments.has("pkcs11-config")) {
            refuse(arguments, KmsCommands.OPTIONS, "without --kms-key");
            refuse(arguments, union(PASSWORD, ROOT_FILES), "with --pkcs11-config (keys stay in the token)");
            new Pkcs11Commands(secrets, out, err).intermediate(arguments, clock.instant());
        } else {
            refuse(arguments, union(PKCS11, KmsCommands.OPTIONS), "without --pkcs11-config or --kms-key");
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
