package dev.signet.ctlog.embedded.local;

import dev.signet.ctlog.embedded.Durable;
import dev.signet.ctlog.embedded.StoredFile;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The trusted compare-and-swap store of the latest committed checkpoint: {@code lock/checkpoint},
 * replaced by durable rename while this process holds an exclusive lock on {@code lock/lockfile}
 * for its whole life. A second writer on the same directory cannot take the lock and so cannot
 * fork the log.
 */
final class LockStore implements AutoCloseable {
    private static final String CHECKPOINT = "checkpoint";
    private static final int MAX_CHECKPOINT = 64 * 1024;

    private final Path directory;
    private final Durable durable;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private LockStore(Path directory, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.durable = new Durable(directory);
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Takes the lock; fails when another process or another log in this JVM holds it. */
    static LockStore open(Path directory) {
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(directory.resolve("lockfile"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new SignetException(ErrorKind.CT_LOG, "another process holds the log lock " + directory);
            }
            return new LockStore(directory, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new SignetException(ErrorKind.CT_LOG, "this JVM already has a log open on " + directory, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SignetException(ErrorKind.CT_LOG, "cannot lock the log directory " + directory, e);
        } catch (SignetException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The committed checkpoint text, or empty for a log that was never created. */
    Optional<String> read() throws IOException {
        Path file = directory.resolve(CHECKPOINT);
        try {
            if (Files.size(file) > MAX_CHECKPOINT) {
                throw new IOException("lock-store checkpoint is too large");
            }
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Replaces the checkpoint with {@code next} if it is still {@code expected} (empty: none yet).
     * Any failure, including a mismatch, is fatal for the caller: the outcome is uncertain or the
     * log was touched by someone else.
     */
    void compareAndSwap(Optional<String> expected, String next) throws IOException {
        if (!lock.isValid()) {
            throw new IOException("the log lock was lost");
        }
        Optional<String> current = read();
        if (!current.equals(expected)) {
            throw new IOException("lock-store checkpoint changed under us: the log was modified by someone else");
        }
        durable.write(List.of(new StoredFile(CHECKPOINT, next.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it anyway.
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing useful to do: the lock goes away with the channel or the process.
            }
        }
    }
}
