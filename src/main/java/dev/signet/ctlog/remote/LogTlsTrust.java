package dev.signet.ctlog.remote;

import dev.signet.codec.Pem;
import dev.signet.config.ConfigFiles;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What verifies the remote log's TLS certificate, for submissions and readiness probes alike: the
 * JDK trust store, or, when {@code signet.ctlog.tls-ca-cert} names a PEM CA bundle (Fulcio's
 * {@code --ct-log.tls-ca-cert}), only the certificates of that bundle, so a log behind a private CA
 * is reached without touching the JVM's trust store. The host name is verified either way.
 */
public final class LogTlsTrust {
    static final String PROPERTY = "signet.ctlog.tls-ca-cert";

    private final Optional<String> bundlePem;

    private LogTlsTrust(Optional<String> bundlePem) {
        this.bundlePem = bundlePem;
    }

    /** The JDK trust store. */
    public static LogTlsTrust jdk() {
        return new LogTlsTrust(Optional.empty());
    }

    /**
     * The bundle in {@code file} when set, else the JDK trust store; read and checked now, so a bad
     * bundle stops startup.
     *
     * @param logUrl the log's URL: a bundle only makes sense for an {@code https} log
     * @throws IllegalArgumentException naming the property when the file is unreadable, holds no
     *     PEM certificate, or the log is not reached over https
     */
    public static LogTlsTrust load(Optional<Path> file, String logUrl) {
        if (file.isEmpty()) {
            return jdk();
        }
        if (!logUrl.trim().toLowerCase(Locale.ROOT).startsWith("https://")) {
            throw new IllegalArgumentException(PROPERTY + " is set, but signet.ctlog.url is not an https:// URL; "
                    + "the bundle would never be used");
        }
        String pem;
        try {
            pem = new String(ConfigFiles.read(file.get()), StandardCharsets.US_ASCII);
            // Parsed here only to refuse a bad file at startup; Vert.x parses it again for the client.
            Pem.certificates(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    PROPERTY + ": " + file.get() + ": " + withoutPath(e.getMessage(), file.get())
                            + " (expected a PEM bundle of CA certificates)",
                    e);
        }
        return new LogTlsTrust(Optional.of(pem));
    }

    /** The options with this trust set: certificate verification and host name verification on. */
    public HttpClientOptions applyTo(HttpClientOptions options) {
        options.setTrustAll(false).setVerifyHost(true);
        bundlePem.ifPresent(pem -> options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem))));
        return options;
    }

    /** Whether a CA bundle replaces the JDK trust store. */
    public boolean hasBundle() {
        return bundlePem.isPresent();
    }

    private static String withoutPath(String message, Path file) {
        String prefix = file + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length())
                : String.valueOf(message);
    }
}
