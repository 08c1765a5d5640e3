package dev.signet.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the server process costs from outside it: CPU from {@code /proc/<pid>/stat}, peak and
 * current RSS from {@code /proc/<pid>/status}, GC pauses from its {@code -Xlog:gc} file, and heap
 * after a full GC through {@code jcmd}.
 */
public final class ServerProbe {
    private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.* ([0-9.]+)ms\\s*$");
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Pattern COLLECTOR = Pattern.compile("\\bUsing (\\S+)");

    private final long pid;
    private final Path gcLog;
    private long gcLogOffset;

    ServerProbe(long pid, Path gcLog) {
        this.pid = pid;
        this.gcLog = gcLog;
    }

    /** utime + stime in nanoseconds (clock ticks of 10 ms, Linux's USER_HZ); -1 if unreadable. */
    long cpuNanos() {
        return processCpuNanos(pid);
    }

    /** utime + stime of process {@code pid} in nanoseconds, from /proc; -1 if unreadable. */
    public static long processCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU nanoseconds this JVM (the load generator) has used so far. */
    public static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU of the JIT compiler threads (C1, C2) in nanoseconds, from {@code /proc/<pid>/task}: what
     * the server spends compiling rather than serving; -1 if unreadable.
     */
    long compilerCpuNanos() {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            long ticks = 0;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended between the listing and the read
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
            return ticks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Peak resident set since the process started (VmHWM), MiB. */
    double peakRssMib() {
        return statusKib("VmHWM:") / 1024.0;
    }

    double rssMib() {
        return statusKib("VmRSS:") / 1024.0;
    }

    private long statusKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The collector the server runs ("G1", "Serial", …) as its GC log names it; "unknown" if it does not. */
    String collector() {
        try {
            Matcher matcher = COLLECTOR.matcher(Files.readString(gcLog, StandardCharsets.UTF_8));
            return matcher.find() ? matcher.group(1) : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Milliseconds of stop-the-world pauses logged since the last call (the first call skips startup). */
    double gcPauseMillisSinceLastCall() {
        double total = 0;
        try (RandomAccessFile file = new RandomAccessFile(gcLog.toFile(), "r")) {
            long length = file.length();
            if (length < gcLogOffset) {
                gcLogOffset = 0;
            }
            byte[] added = new byte[(int) (length - gcLogOffset)];
            file.seek(gcLogOffset);
            file.readFully(added);
            // Only whole lines: a line being written now is read next time.
            String text = new String(added, StandardCharsets.UTF_8);
            int lastNewline = text.lastIndexOf('\n');
            if (lastNewline < 0) {
                return 0;
            }
            for (String line : text.substring(0, lastNewline).split("\n")) {
                Matcher matcher = PAUSE.matcher(line);
                if (matcher.find()) {
                    total += Double.parseDouble(matcher.group(1));
                }
            }
            gcLogOffset += text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return total;
    }

    /** Runs a full GC in the server, then reads the heap in use, MiB; -1 if jcmd fails. */
    double heapAfterGcMib() {
        try {
            jcmd("GC.run");
            // G1 prints one heap line, Serial and Parallel one per generation; the metaspace lines
            // ("used …, committed …") have no total and are not heap.
            long usedKib = -1;
            Matcher matcher = HEAP_USED.matcher(jcmd("GC.heap_info"));
            while (matcher.find()) {
                usedKib = Math.max(usedKib, 0) + Long.parseLong(matcher.group(1));
            }
            return usedKib < 0 ? -1 : usedKib / 1024.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("jcmd " + command + " did not finish");
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
