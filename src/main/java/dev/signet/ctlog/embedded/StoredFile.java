package dev.signet.ctlog.embedded;

/** A file to write: a path relative to the log's root (forward slashes) and its full content. */
public record StoredFile(String path, byte[] content) {
}
