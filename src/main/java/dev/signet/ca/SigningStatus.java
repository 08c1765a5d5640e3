package dev.signet.ca;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether the CA key could sign at its latest signature (a real one or a test one), for readiness.
 * The reason is one of the fixed texts below, never exception text: readiness output is public to
 * whoever can reach the management port, and HSM errors can carry paths or slot details.
 *
 * @param canSign whether the latest signature succeeded
 * @param reason  empty when {@code canSign}; otherwise {@link #TEST_SIGNATURE_FAILED} or {@link #SIGNING_FAILED}
 * @param since   when this state began
 */
public record SigningStatus(boolean canSign, String reason, Instant since) {

    /** Reason when the periodic (or startup) test signature failed. */
    public static final String TEST_SIGNATURE_FAILED = "The CA key could not make a test signature";

    /** Reason when signing a certificate for a client failed. */
    public static final String SIGNING_FAILED = "The CA key failed to sign a certificate";

    public SigningStatus {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }

    /** The key signs. */
    public static SigningStatus signing(Instant since) {
        return new SigningStatus(true, "", since);
    }

    /** The key failed, for {@code reason}. */
    public static SigningStatus failing(String reason, Instant since) {
        return new SigningStatus(false, reason, since);
    }
}
