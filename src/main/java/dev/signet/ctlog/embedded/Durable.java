package dev.signet.ctlog.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Durable writes under one root directory, as POSIX requires them: a temporary file in the target
 * directory, write, fsync the file, rename over the target, fsync the directory. A batch fsyncs
 * each directory once.
 */
public final class Durable {
    private final Path root;

    public Durable(Path root) {
        this.root = root;
    }

    public Path resolve(String relative) {
        if (relative.isEmpty() || relative.startsWith("/") || relative.contains("..") || relative.contains("\\")) {
            throw new IllegalArgumentException("bad relative path " + relative);
        }
        return root.resolve(relative);
    }

    /** Writes all files durably; directories are created (and their parents synced) as needed. */
    public void write(List<StoredFile> files) throws IOException {
        Set<Path> directoriesToSync = new LinkedHashSet<>();
        List<Path[]> renames = new ArrayList<>(files.size());
        for (StoredFile file : files) {
            Path target = resolve(file.path());
            Path directory = target.getParent();
            createDirectories(directory, directoriesToSync);
            Path temp = directory.resolve(".tmp-" + target.getFileName() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(file.content());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            renames.add(new Path[] {temp, target});
            directoriesToSync.add(directory);
        }
        for (Path[] rename : renames) {
            try {
                Files.move(rename[0], rename[1], StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename atomically", e);
            }
        }
        for (Path directory : directoriesToSync) {
            syncDirectory(directory);
        }
    }

    /** Writes one file readable by the owner only (the generated log key). */
    void writePrivate(String relative, byte[] content) throws IOException {
        Path target = resolve(relative);
        Path temp = target.resolveSibling(".tmp-" + target.getFileName());
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(content));
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.getParent());
    }

    private void createDirectories(Path directory, Set<Path> toSync) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        createDirectories(directory.getParent(), toSync);
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            return;
        }
        // A new directory entry is durable only once its parent is synced.
        toSync.add(directory.getParent());
    }

    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
