package dev.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signet's shared-log database settings mapped onto Quarkus' datasource "ctlog". */
class LogDatabaseConfigTest {
    private static final String DS = LogDatabaseConfig.DATASOURCE;

    @TempDir
    Path directory;

    private static Map<String, String> map(Map<String, String> signet) {
        return LogDatabaseConfig.properties(name -> Optional.ofNullable(signet.get(name)));
    }

    private static Map<String, String> postgresql(String... more) {
        Map<String, String> signet = new HashMap<>();
        signet.put("signet.ctlog.embedded.storage", "postgresql");
        signet.put("signet.ctlog.embedded.postgresql.url", "jdbc:postgresql://db:5432/signet");
        for (int i = 0; i < more.length; i += 2) {
            signet.put(more[i], more[i + 1]);
        }
        return signet;
    }

    @Test
    void theLocalStorageLeavesTheDatasourceInactive() {
        assertEquals(Map.of(DS + "active", "false"), map(Map.of()));
        assertEquals(Map.of(DS + "active", "false"), map(Map.of("signet.ctlog.embedded.storage", "local")));
    }

    @Test
    void thePostgresqlStorageActivatesItWithSignetsSettings() {
        Map<String, String> out = map(postgresql("signet.ctlog.embedded.postgresql.user", "signet",
                "signet.ctlog.embedded.postgresql.password", "s3cret",
                "signet.ctlog.embedded.postgresql.max-connections", "12"));
        assertEquals("true", out.get(DS + "active"));
        assertEquals("jdbc:postgresql://db:5432/signet", out.get(DS + "jdbc.url"));
        assertEquals("signet", out.get(DS + "username"));
        assertEquals("s3cret", out.get(DS + "password"));
        assertEquals("12", out.get(DS + "jdbc.max-size"));
    }

    @Test
    void thePoolSizeDefaultsToSignetsDefault() {
        assertEquals("8", map(postgresql()).get(DS + "jdbc.max-size"));
    }

    @Test
    void aPasswordFileIsReadWithoutItsTrailingNewline() throws IOException {
        Path file = Files.writeString(directory.resolve("password"), "from file\n");
        assertEquals("from file", map(postgresql("signet.ctlog.embedded.postgresql.password-file", file.toString()))
                .get(DS + "password"));
    }

    @Test
    void theStorageNameIsCaseInsensitiveAsTheEnumIs() {
        Map<String, String> signet = postgresql();
        signet.put("signet.ctlog.embedded.storage", "POSTGRESQL");
        assertEquals("true", map(signet).get(DS + "active"));
    }

    @Test
    void aMissingUrlBothPasswordsOrAnUnreadableFileAreRefused() throws IOException {
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> map(Map.of("signet.ctlog.embedded.storage", "postgresql")));
        assertTrue(url.getMessage().contains("signet.ctlog.embedded.postgresql.url"), url.getMessage());

        Path file = Files.writeString(directory.resolve("password"), "x");
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> map(postgresql(
                "signet.ctlog.embedded.postgresql.password", "y", "signet.ctlog.embedded.postgresql.password-file",
                file.toString())));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> map(postgresql(
                "signet.ctlog.embedded.postgresql.password-file", directory.resolve("absent").toString())));
        assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());
    }
}
