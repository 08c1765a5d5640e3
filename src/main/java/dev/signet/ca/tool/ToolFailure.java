package dev.signet.ca.tool;

/** Why a {@code signet ca} command stopped: a message for the operator (never a secret) and an exit code. */
final class ToolFailure extends Exception {

    /** Wrong or missing options: the command did nothing. */
    static final int USAGE = 2;
    /** The command was valid but could not be carried out (files, token, checks). */
    static final int FAILED = 1;

    private final int exitCode;

    private ToolFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static ToolFailure usage(String message) {
        return new ToolFailure(USAGE, message, null);
    }

    static ToolFailure failed(String message) {
        return new ToolFailure(FAILED, message, null);
    }

    static ToolFailure failed(String message, Throwable cause) {
        return new ToolFailure(FAILED, message, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
