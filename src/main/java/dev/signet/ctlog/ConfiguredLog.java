package dev.signet.ctlog;

import java.util.Optional;

/**
 * The transparency log chosen by {@code signet.ctlog.type}, opened at startup: the embedded log
 * (whose HTTP face also needs it), a remote RFC 6962 log, or none at all. Built by the wiring
 * package, which knows the variants; this package names only the {@link CtLog} interface.
 */
public final class ConfiguredLog {
    private final Optional<CtLog> log;
    private final boolean detachedSct;
    private final Optional<String> remoteUrl;

    /**
     * @param log         the log every certificate goes to, or empty when logging is off
     * @param detachedSct whether SCTs are returned beside certificates rather than embedded in them
     * @param remoteUrl   the configured log URL, unless the log is the embedded one
     */
    public ConfiguredLog(Optional<CtLog> log, boolean detachedSct, Optional<String> remoteUrl) {
        this.log = log;
        this.detachedSct = detachedSct;
        this.remoteUrl = remoteUrl;
    }

    /** The log every certificate goes to, or empty when logging is off. */
    public Optional<CtLog> log() {
        return log;
    }

    /**
     * The log when it is of this kind: the embedded log for its HTTP face and health, the remote one
     * for its probe.
     */
    public <T extends CtLog> Optional<T> log(Class<T> kind) {
        return log.filter(kind::isInstance).map(kind::cast);
    }

    /** The remote log's base URL when the log is remote. */
    public Optional<String> remoteUrl() {
        return remoteUrl;
    }

    /** Whether SCTs are returned beside certificates rather than embedded in them. */
    public boolean detachedSct() {
        return detachedSct;
    }
}
