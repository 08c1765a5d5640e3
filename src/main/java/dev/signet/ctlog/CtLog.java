package dev.signet.ctlog;

import dev.signet.error.AsyncFailure;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * A Certificate Transparency log Signet submits to: the embedded log, or a remote RFC 6962 log.
 *
 * <p>Submissions are asynchronous: no thread waits while the log pools and publishes. The stage
 * completes with an SCT only for an entry that is durably sequenced and covered by a committed,
 * published checkpoint, and never before its deadline passes without an outcome. It fails with a
 * {@link SignetException} (never wrapped): {@code CT_LOG} for log failures, {@code LOG_BUSY}
 * (503, retry later) for a full pool, {@code LOG_REJECTED_CHAIN} (400) for a chain the log does not
 * accept. The submit methods never throw.
 */
public interface CtLog {

    /**
     * RFC 6962 {@code add-pre-chain}: {@code chain} is the precertificate DER (with the poison
     * extension), its issuer DER, and so on up to the root.
     */
    CompletionStage<SignedCertificateTimestamp> submitPreChain(List<byte[]> chain);

    /** RFC 6962 {@code add-chain} ({@code x509_entry}) for a final certificate and its issuers. */
    CompletionStage<SignedCertificateTimestamp> submitChain(List<byte[]> chain);

    /**
     * {@link #submitPreChain} for a precertificate Signet's own CA signed a moment ago in this process,
     * after linting it. A log running in the same process may take the CA's signature on that one
     * certificate as given (verifying it again costs more than making it); the issuer chain, the
     * accepted root, the poison and every size check still apply. Never for a chain from outside:
     * the embedded log's HTTP endpoints call its {@code submitOutsidePreChain}, which also checks the
     * leaf's signature. A remote log treats both alike.
     */
    default CompletionStage<SignedCertificateTimestamp> submitOwnPreChain(List<byte[]> chain) {
        return submitPreChain(chain);
    }

    /** The log's public key (ECDSA P-256) and log ID. */
    LogIdentity identity();

    /** {@link #submitPreChain}, waiting for the outcome; for callers that may block (tools, tests). */
    default SignedCertificateTimestamp addPreChain(List<byte[]> chain) {
        return await(submitPreChain(chain));
    }

    /** {@link #submitChain}, waiting for the outcome; for callers that may block (tools, tests). */
    default SignedCertificateTimestamp addChain(List<byte[]> chain) {
        return await(submitChain(chain));
    }

    /**
     * Waits for a submission (each log bounds it with its own deadline) and rethrows its failure as
     * the {@link SignetException} it is.
     */
    static SignedCertificateTimestamp await(CompletionStage<SignedCertificateTimestamp> submission) {
        try {
            return submission.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignetException(ErrorKind.CT_LOG, "interrupted while waiting for the log", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /** The {@link SignetException} a failed submission carries, unwrapped; anything else becomes CT_LOG. */
    static SignetException failure(Throwable thrown) {
        Throwable cause = AsyncFailure.cause(thrown);
        if (cause instanceof SignetException signet) {
            return signet;
        }
        return new SignetException(ErrorKind.CT_LOG, "log submission failed: " + cause, cause);
    }
}
