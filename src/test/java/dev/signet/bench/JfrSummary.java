package dev.signet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's CPU went, from its JFR recording ({@code jdk.ExecutionSample} events): the
 * share of samples per operation (the innermost frame that names a known one), per Signet method
 * (the innermost {@code dev.signet} frame) and per top frame. Samples outside the measured phases
 * (startup, priming) are included, so read shares, not absolute counts.
 */
final class JfrSummary {
    /** Public-key operations: anywhere on the stack, in this order, since their math has many callers. */
    private static final List<String[]> CRYPTO = List.of(
            new String[] {"org.bouncycastle.crypto.signers.ECDSASigner.generateSignature", "ECDSA sign (BC)"},
            new String[] {"org.bouncycastle.crypto.signers.ECDSASigner.verifySignature", "ECDSA verify (BC)"},
            new String[] {"sun.security.ec.", "EC in SunEC (JDK)"},
            new String[] {"sun.security.rsa.", "RSA (SunRsaSign)"});
    /** Everything else: the innermost frame that matches, checked from the top of the stack down. */
    private static final List<String[]> OPERATIONS = List.of(
            new String[] {"org.bouncycastle.math.", "EC math (BC, other: key checks, key generation)"},
            new String[] {"sun.security.provider.", "hashing and other JDK crypto"},
            new String[] {"org.bouncycastle.crypto.digests.", "hashing (BC digests)"},
            new String[] {"org.bouncycastle.asn1.", "ASN.1 / DER (BC)"},
            new String[] {"org.bouncycastle.", "Bouncy Castle, other"},
            new String[] {"com.fasterxml.jackson.", "JSON (Jackson)"},
            new String[] {"org.jose4j.", "jose4j"},
            new String[] {"com.google.protobuf.", "protobuf"},
            new String[] {"io.grpc.", "gRPC"},
            new String[] {"io.netty.", "Netty"},
            new String[] {"io.vertx.", "Vert.x"},
            new String[] {"org.jboss.resteasy.", "REST (RESTEasy)"},
            new String[] {"io.quarkus.", "Quarkus"},
            new String[] {"java.util.Base64", "base64"},
            new String[] {"sun.nio.ch.", "socket and file I/O"},
            new String[] {"dev.signet.", "Signet's own code"});

    private JfrSummary() {
    }

    /** {@code java -cp target/test-classes dev.signet.bench.JfrSummary recording.jfr}: prints the summary. */
    public static void main(String[] args) throws IOException {
        System.out.print(summarise(Path.of(args[0]), 15));
    }

    /** A markdown summary of the top {@code rows} entries of each view. */
    static String summarise(Path recording, int rows) throws IOException {
        Map<String, Integer> operations = new HashMap<>();
        Map<String, Integer> signet = new HashMap<>();
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                top.merge(name(frames.get(0)), 1, Integer::sum);
                operations.merge(operation(frames), 1, Integer::sum);
                signet.merge(frames.stream().map(JfrSummary::name).filter(n -> n.startsWith("dev.signet."))
                        .findFirst().orElse("(no Signet frame)"), 1, Integer::sum);
                String thread = event.getThread("sampledThread") == null ? "?"
                        : event.getThread("sampledThread").getJavaName();
                threads.merge(thread == null ? "?" : thread.replaceAll("-?\\d+$", "-N"), 1, Integer::sum);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d execution samples from %s.%n%n", samples, recording.getFileName()));
        table(out, "operation (innermost known frame)", operations, samples, rows);
        table(out, "innermost Signet frame (the Signet code that called it)", signet, samples, rows);
        table(out, "top frame", top, samples, rows);
        table(out, "thread", threads, samples, rows);
        return out.toString();
    }

    private static String operation(List<RecordedFrame> frames) {
        for (String[] marker : CRYPTO) {
            for (RecordedFrame frame : frames) {
                if (name(frame).startsWith(marker[0])) {
                    return marker[1];
                }
            }
        }
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            for (String[] marker : OPERATIONS) {
                if (name.startsWith(marker[0])) {
                    return marker[1];
                }
            }
        }
        return "JDK and other";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void table(StringBuilder out, String title, Map<String, Integer> counts, int total, int rows) {
        out.append("| ").append(title).append(" | share |\n|---|---:|\n");
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        sorted.forEach((name, count) -> out.append(String.format(Locale.ROOT, "| `%s` | %.1f %% |%n", name,
                100.0 * count / Math.max(1, total))));
        out.append('\n');
    }
}
