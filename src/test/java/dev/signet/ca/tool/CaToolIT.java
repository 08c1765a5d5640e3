package dev.signet.ca.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.file.PemCaReader;
import dev.signet.testing.PackagedSignet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar quarkus-run.jar ca ...} from the packaged fast-jar: the tool runs and exits, Signet never starts. */
class CaToolIT {

    @TempDir
    Path dir;

    private record Run(int exitCode, String output) {
    }

    private Run jar(String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar", PackagedSignet.JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("CA_PASSWORD", "packaged tool password");
        Path log = dir.resolve("tool.log");
        Process process = builder.redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the tool exits by itself");
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void createsCaFilesAndExitsWithoutStartingSignet() throws Exception {
        Run help = jar("ca", "create", "--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("--pkcs11-config"), help.output());

        Run create = jar("ca", "create", "--out", "ca", "--password-env", "CA_PASSWORD");
        assertEquals(0, create.exitCode(), create.output());
        assertEquals(2, PemCaReader.parseChain(Files.readAllBytes(dir.resolve("ca/chain.pem")), dir).size());
        assertFalse(create.output().contains("Listening on") || create.output().contains("Quarkus"), create.output());
        assertFalse(create.output().contains("packaged tool password"));
        assertFalse(Files.exists(dir.resolve("data")), "no data directory: no log, no CA beans");

        assertEquals(2, jar("ca").exitCode());
        assertEquals(2, jar("ca", "create", "--out", "x").exitCode());
    }
}
