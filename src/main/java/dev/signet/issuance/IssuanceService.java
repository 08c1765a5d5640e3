package dev.signet.issuance;

import dev.signet.ca.CertificateAuthority;
import dev.signet.challenge.ClientSigningAlgorithms;
import dev.signet.challenge.KeyProof;
import dev.signet.challenge.ProofVerifier;
import dev.signet.ctlog.ConfiguredLog;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.Authenticator;
import dev.signet.metrics.SignetMetrics;
import dev.signet.ratelimit.RateLimits;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * What the transports call to issue a certificate: REST and gRPC both. The request runs through
 * {@link IssuancePipeline}, which names its stages and pools; this bean only wires it and stops
 * its pools at shutdown.
 */
@ApplicationScoped
@Startup
public class IssuanceService {
    private final IssuancePipeline pipeline;

    @Inject
    public IssuanceService(IdentityFiles identityFiles, Authenticator authenticator, RateLimits rateLimits,
            ClientSigningAlgorithms algorithms, CertificateAuthority ca, ConfiguredLog logs, SignetMetrics metrics) {
        this.pipeline = new IssuancePipeline(identityFiles, authenticator, rateLimits,
                new ProofVerifier(algorithms.allowed()), ca, logs.log(), logs.detachedSct(), metrics);
    }

    /**
     * Issues a certificate for the identity in {@code token} and the key proven by {@code proof},
     * without waiting on the calling thread (an event loop may call it). With a log configured,
     * nothing is returned unless the log has the entry and its SCT verifies: no SCT, no certificate.
     *
     * @return a stage that fails with the {@link SignetException} (unwrapped) of the first stage
     *     that failed (see {@link IssuancePipeline}): CA_BUSY (503) when too many requests already
     *     wait for a signing thread, LOG_BUSY (503) when the log's pool is full, LOG_UNAVAILABLE
     *     (503) while a shared log's database is away, CT_LOG (500) for any other log failure
     */
    public CompletionStage<Issuance> issueAsync(String token, KeyProof proof) {
        return pipeline.issue(token, proof);
    }

    /**
     * {@link #issueAsync}, waiting for the outcome on the calling thread.
     *
     * @throws SignetException with the kind of the first check that failed
     */
    public Issuance issue(String token, KeyProof proof) {
        try {
            return issueAsync(token, proof).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignetException(ErrorKind.CT_LOG, "interrupted while waiting for the log", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new SignetException(ErrorKind.INTERNAL, "issuance failed", e.getCause());
        }
    }

    @PreDestroy
    void close() {
        pipeline.close();
    }
}
