package dev.signet.ctlog.embedded;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A log storage whose writes fail, while armed, for paths under a prefix: the log's disk faults in tests. */
public final class FaultyStorage implements Storage {

    /** How a write fails while armed. */
    public enum Fault {
        /** Nothing is written: ENOSPC before the first byte. */
        DISK_FULL,
        /** The bytes reach the file but fsync reports an error, so nothing is known to be durable. */
        FSYNC_FAILS
    }

    private final Storage delegate;
    private volatile Fault fault;
    private volatile String prefix = "";

    public FaultyStorage(Storage delegate) {
        this.delegate = delegate;
    }

    /** Fails every later write touching a path that starts with {@code pathPrefix} ("" for all). */
    public void arm(Fault how, String pathPrefix) {
        prefix = pathPrefix;
        fault = how;
    }

    /** Writes succeed again. */
    public void disarm() {
        fault = null;
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        return delegate.read(path);
    }

    @Override
    public void write(List<StoredFile> files) throws IOException {
        Fault armed = fault;
        String under = prefix;
        if (armed == null || files.stream().noneMatch(file -> file.path().startsWith(under))) {
            delegate.write(files);
            return;
        }
        if (armed == Fault.FSYNC_FAILS) {
            delegate.write(files);
            throw new IOException("fsync: Input/output error");
        }
        throw new IOException("No space left on device");
    }

    @Override
    public void delete(String path) throws IOException {
        delegate.delete(path);
    }
}
