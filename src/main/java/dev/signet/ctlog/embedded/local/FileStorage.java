package dev.signet.ctlog.embedded.local;

import dev.signet.ctlog.embedded.Durable;
import dev.signet.ctlog.embedded.Storage;
import dev.signet.ctlog.embedded.StoredFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@link Storage} in a local directory with fsync'd writes: the default, and the static read path. */
public final class FileStorage implements Storage {
    private final Durable durable;

    public FileStorage(Path root) {
        this.durable = new Durable(root);
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(durable.resolve(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(List<StoredFile> files) throws IOException {
        durable.write(files);
    }

    @Override
    public void delete(String path) throws IOException {
        Files.deleteIfExists(durable.resolve(path));
    }
}
