package dev.signet.ca;

import dev.signet.codec.Pem;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/** A PEM certificate chain configured beside a key that is not in a file (HSM, KMS). */
public final class CaChainFile {

    private CaChainFile() {
    }

    /**
     * The certificates of {@code path}, in file order, read up to {@link Pem#MAX_PEM_CHARS} bytes.
     *
     * @param property the setting that named the file, for the message
     * @throws SignetException {@code CA_BACKEND} when the file cannot be read, is too large or is not PEM
     */
    public static List<X509Certificate> read(Path path, String property) {
        byte[] bytes = new byte[Pem.MAX_PEM_CHARS + 1];
        int length = 0;
        try (InputStream in = Files.newInputStream(path)) {
            int read;
            while (length < bytes.length && (read = in.read(bytes, length, bytes.length - length)) > 0) {
                length += read;
            }
        } catch (IOException e) {
            throw failure(property + " " + path + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        if (length > Pem.MAX_PEM_CHARS) {
            throw failure(property + " " + path + " is larger than " + Pem.MAX_PEM_CHARS + " bytes", null);
        }
        try {
            return Pem.certificates(new String(bytes, 0, length, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw failure(property + " " + path + " is not a PEM certificate list: " + e.getMessage(), e);
        }
    }

    private static SignetException failure(String message, Throwable cause) {
        return new SignetException(ErrorKind.CA_BACKEND, message, cause);
    }
}
