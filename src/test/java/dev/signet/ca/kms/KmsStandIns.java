package dev.signet.ca.kms;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Not a test: the three loopback stand-ins in a process of their own, so that a benchmark's
 * process CPU is Signet's alone. Starts AWS, Vault and Google stand-ins for the key type given as
 * the argument and prints one line each, {@code <service> <url> <chain file>}, then {@code ready};
 * reads {@code latency <ms>} lines from standard input and exits at its end.
 */
public final class KmsStandIns {

    private KmsStandIns() {
    }

    public static void main(String[] args) throws Exception {
        KmsSignBenchmark.quietLogging();
        String keyType = args.length > 0 ? args[0] : "P-256";
        Path directory = Files.createTempDirectory("kms-stand-ins");
        List<FakeKmsServer> servers = List.of(new AwsKmsJsonServer(keyType), new VaultTransitServer(keyType),
                new GcpKmsGrpcServer(keyType));
        for (FakeKmsServer server : servers) {
            System.out.println(server.getClass().getSimpleName() + " " + server.url() + " "
                    + server.chainFile(directory));
        }
        System.out.println("ready");
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            if (line.startsWith("latency ")) {
                Duration latency = Duration.ofMillis(Long.parseLong(line.substring("latency ".length()).strip()));
                servers.forEach(server -> server.latency = latency);
                System.out.println("ok");
                System.out.flush();
            }
        }
        servers.forEach(FakeKmsServer::close);
        System.exit(0);
    }
}
