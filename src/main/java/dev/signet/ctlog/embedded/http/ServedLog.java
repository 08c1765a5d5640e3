package dev.signet.ctlog.embedded.http;

import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import jakarta.enterprise.context.ApplicationScoped;

/** The embedded log the {@code /log} endpoints serve; when another log type is configured, every one of them is 404. */
@ApplicationScoped
public class ServedLog {
    private final ConfiguredLog configured;

    public ServedLog(ConfiguredLog configured) {
        this.configured = configured;
    }

    /**
     * The embedded log.
     *
     * @throws SignetException NOT_FOUND when the configured log is not the embedded one
     */
    public EmbeddedLog require() {
        return configured.log(EmbeddedLog.class).orElseThrow(
                () -> new SignetException(ErrorKind.NOT_FOUND, "no embedded log is configured; /log is not served"));
    }
}
