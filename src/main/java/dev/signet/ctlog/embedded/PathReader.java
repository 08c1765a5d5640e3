package dev.signet.ctlog.embedded;

import java.io.IOException;
import java.util.Optional;

/** Reads the log's files (tiles, issuers) by their static-ct-api path. */
@FunctionalInterface
public interface PathReader {

    /** The content at {@code path}, or empty when there is no such file. */
    Optional<byte[]> read(String path) throws IOException;
}
