package dev.signet.ca.pkcs11;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where the token PIN comes from: an environment variable or a file. It is read again on every
 * login, so a rotated secret file is picked up at the next reconnect. {@link #toString()} names the
 * source, never the PIN.
 */
public final class Pkcs11Pin {

    /** Largest PIN accepted, in bytes (PKCS#11 tokens allow far fewer). */
    public static final int MAX_PIN_BYTES = 1024;

    private final String description;
    private final Source source;

    private Pkcs11Pin(String description, Source source) {
        this.description = description;
        this.source = source;
    }

    /** The PIN in environment variable {@code name}, looked up through {@code environment}. */
    public static Pkcs11Pin fromEnvironment(String name, Function<String, String> environment) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(environment, "environment");
        String description = "environment variable " + name;
        return new Pkcs11Pin(description, () -> {
            String value = environment.apply(name);
            if (value == null) {
                throw new SignetException(ErrorKind.CA_BACKEND, "The PKCS#11 PIN environment variable " + name
                        + " is not set");
            }
            return check(stripNewline(value.toCharArray()), description);
        });
    }

    /** The PIN in {@code file}: its first line. */
    public static Pkcs11Pin fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        String description = "file " + file;
        return new Pkcs11Pin(description, () -> check(stripNewline(readFile(file)), description));
    }

    /** A fresh copy of the PIN; the caller clears it after use. */
    public char[] read() {
        return source.read();
    }

    @Override
    public String toString() {
        return "PKCS#11 PIN from " + description;
    }

    private static char[] check(char[] pin, String description) {
        if (pin.length == 0) {
            throw new SignetException(ErrorKind.CA_BACKEND, "The PKCS#11 PIN from " + description + " is empty");
        }
        return pin;
    }

    private static char[] readFile(Path file) {
        byte[] bytes = new byte[MAX_PIN_BYTES + 1];
        int length = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while (length < bytes.length && (read = in.read(bytes, length, bytes.length - length)) > 0) {
                length += read;
            }
            if (length > MAX_PIN_BYTES) {
                throw new SignetException(ErrorKind.CA_BACKEND, "The PKCS#11 PIN file " + file + " is larger than "
                        + MAX_PIN_BYTES + " bytes");
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            char[] pin = new char[chars.remaining()];
            chars.get(pin);
            Arrays.fill(chars.array(), '\0');
            return pin;
        } catch (CharacterCodingException e) {
            throw new SignetException(ErrorKind.CA_BACKEND, "The PKCS#11 PIN file " + file + " is not UTF-8", e);
        } catch (IOException e) {
            throw new SignetException(ErrorKind.CA_BACKEND, "The PKCS#11 PIN file " + file + " cannot be read: "
                    + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Drops one trailing line end ({@code \n} or {@code \r\n}), as {@code echo > file} leaves one. */
    private static char[] stripNewline(char[] value) {
        int end = value.length;
        if (end > 0 && value[end - 1] == '\n') {
            end--;
            if (end > 0 && value[end - 1] == '\r') {
                end--;
            }
        }
        if (end == value.length) {
            return value;
        }
        char[] stripped = Arrays.copyOf(value, end);
        Arrays.fill(value, '\0');
        return stripped;
    }

    @FunctionalInterface
    private interface Source {
        char[] read();
    }
}
