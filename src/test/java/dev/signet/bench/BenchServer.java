package dev.signet.bench;

import dev.signet.ca.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged Signet as the benchmarks start it: a file CA written for the run (encrypted PKCS#8),
 * the embedded log on a fresh data directory, a loopback OIDC issuer's identity file, a fixed heap
 * and a GC log.
 */
final class BenchServer {

    private BenchServer() {
    }

    /**
     * Writes {@code ca}'s chain and key (under a fresh password) into {@code caDirectory} and returns
     * the server settings that use them; the caller adds its own and then
     * {@link BenchSettings#serverProperties()}.
     */
    static Map<String, String> fileCaProperties(TestPki.TwoLevel ca, Path caDirectory, Path dataDirectory,
            Path identity, String period) throws IOException {
        Files.createDirectories(caDirectory);
        String password = "bench-" + System.nanoTime();
        Path chain = caDirectory.resolve("chain.pem");
        Path key = caDirectory.resolve("key.pem");
        Files.write(chain, TestPki.certificatesPem(ca.chain()));
        Files.write(key, TestPki.encryptedPkcs8Pem(ca.intermediateKeys().getPrivate(), password));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("signet.data-dir", dataDirectory.toString());
        properties.put("signet.identity.config", identity.toString());
        properties.put("signet.ca.type", "file");
        properties.put("signet.ca.file.cert", chain.toString());
        properties.put("signet.ca.file.key", key.toString());
        properties.put("signet.ca.file.password", password);
        properties.put("signet.ctlog.embedded.period", period);
        properties.put("quarkus.log.level", "WARN");
        return properties;
    }

    /** {@code -Xmx<heap>}, the GC logged to {@code gcLog} (replaced), then {@link BenchSettings#serverJvmOptions()}. */
    static List<String> jvmOptions(String heap, Path gcLog) throws IOException {
        Files.deleteIfExists(gcLog);
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap, "-Xlog:gc:file=" + gcLog));
        jvm.addAll(BenchSettings.serverJvmOptions());
        return jvm;
    }
}
