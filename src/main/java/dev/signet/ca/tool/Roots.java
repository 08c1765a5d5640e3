package dev.signet.ca.tool;

import dev.signet.ca.file.PemCaReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The existing root that {@code signet ca intermediate} signs under, whichever backend holds its key. */
final class Roots {

    private Roots() {
    }

    /** The last certificate of a PEM file (a root alone, or a chain ending in its root). */
    static X509Certificate certificate(Path file) throws ToolFailure {
        List<X509Certificate> certificates = PemCaReader.parseChain(read(file, PemCaReader.MAX_CHAIN_BYTES), file);
        return certificates.get(certificates.size() - 1);
    }

    /**
     * Refuses a root that may not sign a CA below it, or that expires before an intermediate of
     * {@code lifetime} from {@code now} would.
     *
     * @param which names the root in messages ("the root in FILE")
     */
    static void checkCanSignIntermediate(X509Certificate root, Duration lifetime, Instant now, String which)
            throws ToolFailure {
        if (root.getBasicConstraints() < 1) {
            throw ToolFailure.failed(which + " has pathLenConstraint " + root.getBasicConstraints()
                    + ": it cannot sign an intermediate CA");
        }
        if (root.getNotAfter().toInstant().isBefore(now.plus(lifetime))) {
            throw ToolFailure.failed("the intermediate would outlive the root, which expires at "
                    + root.getNotAfter().toInstant() + "; choose a shorter --intermediate-validity");
        }
    }

    static byte[] read(Path file, int maxBytes) throws ToolFailure {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw ToolFailure.failed(file + " is larger than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ToolFailure.failed(file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }
}
