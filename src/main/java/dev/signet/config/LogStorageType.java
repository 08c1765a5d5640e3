package dev.signet.config;

/** Where the embedded log keeps its state, by its configuration name ({@code signet.ctlog.embedded.storage}). */
public enum LogStorageType {
    /** A local directory under the data directory, one Signet process: the default. */
    LOCAL,
    /** PostgreSQL tables shared by any number of Signet replicas. */
    POSTGRESQL
}
