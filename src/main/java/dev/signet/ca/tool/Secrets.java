package dev.signet.ca.tool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads a password or PIN from a file or an environment variable; never from the command line, never printed. */
final class Secrets {

    /** Shortest password accepted for a new key. */
    static final int MIN_NEW_PASSWORD_CHARS = 8;

    private static final int MAX_SECRET_BYTES = 1024;

    private final Map<String, String> environment;

    Secrets(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * The secret named by exactly one of {@code --<file option>} (first line of the file) and
     * {@code --<env option>} (the variable's value).
     *
     * @param what names the secret in messages ("password", "PIN")
     */
    char[] read(Arguments arguments, String fileOption, String envOption, String what) throws ToolFailure {
        boolean fromFile = arguments.has(fileOption);
        boolean fromEnv = arguments.has(envOption);
        if (fromFile == fromEnv) {
            throw ToolFailure
                    .usage("give the " + what + " with exactly one of --" + fileOption + " and --" + envOption);
        }
        String secret;
        if (fromFile) {
            Path file = Path.of(arguments.required(fileOption));
            secret = firstLine(readBounded(file, what));
            if (secret.isEmpty()) {
                throw ToolFailure.failed("the " + what + " file " + file + " is empty");
            }
        } else {
            String variable = arguments.required(envOption);
            secret = environment.get(variable);
            if (secret == null || secret.isEmpty()) {
                throw ToolFailure
                        .failed("the environment variable " + variable + " (the " + what + ") is not set or empty");
            }
        }
        return secret.toCharArray();
    }

    /** As {@link #read}, also refusing passwords shorter than {@value #MIN_NEW_PASSWORD_CHARS} characters. */
    char[] readNewPassword(Arguments arguments, String fileOption, String envOption) throws ToolFailure {
        char[] password = read(arguments, fileOption, envOption, "password");
        if (password.length < MIN_NEW_PASSWORD_CHARS) {
            throw ToolFailure.failed("the password is shorter than " + MIN_NEW_PASSWORD_CHARS + " characters");
        }
        return password;
    }

    private static String readBounded(Path file, String what) throws ToolFailure {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_SECRET_BYTES + 1);
            if (bytes.length > MAX_SECRET_BYTES) {
                throw ToolFailure
                        .failed("the " + what + " file " + file + " is larger than " + MAX_SECRET_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ToolFailure
                    .failed("the " + what + " file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    // A trailing newline (echo, editors) is not part of the secret; inner spaces are.
    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
