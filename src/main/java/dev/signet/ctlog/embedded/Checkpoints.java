package dev.signet.ctlog.embedded;

import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.Merkle;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.time.Clock;

/** The log's checkpoint rules, for the storages: what a valid checkpoint of this log is, and the empty one. */
public final class Checkpoints {
    private final String origin;
    private final LogSigner signer;
    private final LogIdentity identity;
    private final Clock clock;

    Checkpoints(String origin, LogSigner signer, Clock clock) {
        this.origin = origin;
        this.signer = signer;
        this.identity = signer.identity();
        this.clock = clock;
    }

    /**
     * Parses and verifies {@code text} against this log's origin and key.
     *
     * @param which names the checkpoint in the error (e.g. "lock-store")
     * @throws SignetException CT_LOG when it is not a checkpoint of this log
     */
    public Checkpoint parse(String text, String which) {
        try {
            return Checkpoint.parse(text, origin, identity);
        } catch (RuntimeException e) {
            throw new SignetException(ErrorKind.CT_LOG, "the " + which + " checkpoint is invalid for origin "
                    + origin + " and this key: " + e.getMessage(), e);
        }
    }

    /** The signed text of the empty tree's checkpoint, timestamped now. */
    public String empty() {
        return Checkpoint.sign(origin, 0, Merkle.emptyRoot(), clock.millis(), signer).text(identity);
    }

    /** The clock SCT and checkpoint timestamps come from. */
    public Clock clock() {
        return clock;
    }

    /** Refusal to open the log, with the reason. */
    public static SignetException refuse(String reason) {
        return new SignetException(ErrorKind.CT_LOG, "refusing to start the log: " + reason);
    }
}
