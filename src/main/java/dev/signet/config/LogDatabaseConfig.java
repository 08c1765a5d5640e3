package dev.signet.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Maps Signet's names for the shared log's database ({@code signet.ctlog.embedded.storage} and
 * {@code signet.ctlog.embedded.postgresql.*}) onto Quarkus' named datasource {@code ctlog}, so an
 * operator sets only Signet's properties: the datasource (and its Flyway migration) is active only
 * with {@code storage=postgresql}, so the default local storage starts with no database at all.
 * Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public final class LogDatabaseConfig implements ConfigSourceFactory {
    static final String DATASOURCE = "quarkus.datasource.ctlog.";
    private static final String PREFIX = "signet.ctlog.embedded.";
    /** Above application.properties (250), below system properties and the environment. */
    private static final int ORDINAL = 260;
    private static final long MAX_PASSWORD_FILE = 4096;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(
                new PropertiesConfigSource(properties(name -> value(context, name)), "signet-log-database", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static Optional<String> value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return Optional.ofNullable(value == null ? null : value.getValue()).filter(v -> !v.isBlank());
    }

    /**
     * The datasource properties for Signet's settings.
     *
     * @throws IllegalArgumentException naming the property when the postgresql storage lacks a URL or
     *     has both a password and a password file, or the file cannot be read
     */
    static Map<String, String> properties(java.util.function.Function<String, Optional<String>> signet) {
        Map<String, String> out = new HashMap<>();
        String storage = signet.apply(PREFIX + "storage").orElse("local").trim().toLowerCase(Locale.ROOT);
        if (!storage.equals("postgresql")) {
            out.put(DATASOURCE + "active", "false");
            return out;
        }
        String url = signet.apply(PREFIX + "postgresql.url").orElseThrow(() -> new IllegalArgumentException(
                PREFIX + "postgresql.url is required with " + PREFIX + "storage=postgresql"));
        out.put(DATASOURCE + "active", "true");
        out.put(DATASOURCE + "jdbc.url", url.trim());
        signet.apply(PREFIX + "postgresql.user").ifPresent(user -> out.put(DATASOURCE + "username", user));
        Optional<String> password = signet.apply(PREFIX + "postgresql.password");
        Optional<String> passwordFile = signet.apply(PREFIX + "postgresql.password-file");
        if (password.isPresent() && passwordFile.isPresent()) {
            throw new IllegalArgumentException("set " + PREFIX + "postgresql.password or " + PREFIX
                    + "postgresql.password-file, not both");
        }
        password.ifPresent(secret -> out.put(DATASOURCE + "password", secret));
        passwordFile.ifPresent(file -> out.put(DATASOURCE + "password", readPassword(Path.of(file))));
        // SignetConfig validates the value (and documents the default) with the rest of signet.*.
        out.put(DATASOURCE + "jdbc.max-size", signet.apply(PREFIX + "postgresql.max-connections").orElse("8").trim());
        return out;
    }

    private static String readPassword(Path file) {
        try {
            if (Files.size(file) > MAX_PASSWORD_FILE) {
                throw new IllegalArgumentException(PREFIX + "postgresql.password-file " + file + " is too large");
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            return content.replaceAll("\\r?\\n$", "");
        } catch (IOException e) {
            throw new IllegalArgumentException(PREFIX + "postgresql.password-file " + file + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }
}
