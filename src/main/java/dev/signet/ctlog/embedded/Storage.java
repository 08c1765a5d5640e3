package dev.signet.ctlog.embedded;

import java.io.IOException;
import java.util.List;

/**
 * Where the local log storage keeps its public files (tiles, issuers, checkpoint) and staging
 * bundles, by relative path. Writes are durable when they return; an exception means nothing is known and the
 * sequencer stops.
 */
public interface Storage extends PathReader {

    /** Writes every file durably (fsync of files and directories) before returning. */
    void write(List<StoredFile> files) throws IOException;

    /** Removes {@code path} if present; used only for best-effort cleanup. */
    void delete(String path) throws IOException;
}
