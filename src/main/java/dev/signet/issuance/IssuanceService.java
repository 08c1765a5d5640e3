package dev.signet.issuance;

import dev.signet.ca.CertificateAuthority;
import dev.signet.challenge.KeyProof;
import dev.signet.challenge.ProofVerifier;
import dev.signet.challenge.SigningAlgorithm;
import dev.signet.challenge.VerifiedKey;
import dev.signet.config.SignetConfig;
import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.LogIdentity;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerPool;
import dev.signet.identity.MetaIssuer;
import dev.signet.metrics.SignetMetrics;
import dev.signet.ratelimit.RateLimits;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The issuance use case in one place: verify the identity token, check the proof of possession
 * over the principal's name, have the CA sign a precertificate, log it, and finish the certificate
 * with the log's SCT (see {@link CertificateLogging}). Transport-neutral: REST and gRPC both call it.
 */
@ApplicationScoped
@Startup
public class IssuanceService {
    /**
     * Threads of each CPU pool (signing, finishing): about one per core. Signatures are CPU only,
     * and a handful of threads per core keeps the CA's precomputed tables in cache, where hundreds
     * of request threads taking turns would not.
     */
    private static final int CPU_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Requests waiting for a signing thread before new ones get CA_BUSY: seconds of work, not a memory risk. */
    static final int MAX_QUEUED_SIGNINGS = 4096;
    /**
     * Threads that may wait for an identity provider's keys. Fetches are shared per issuer, so these
     * only hold the requests that arrive while their issuer's keys are being fetched.
     */
    private static final int KEY_WAIT_THREADS = 32;

    private final IssuerPool issuers;
    private final ProofVerifier proofVerifier;
    private final CertificateAuthority ca;
    private final ConfiguredLog logs;
    private final BoundedPool signing;
    private final BoundedPool keyWaits;
    private final ExecutorService finishing;
    private final CertificateLogging logging;
    private final RateLimits rateLimits;

    @Inject
    public IssuanceService(IssuerPool issuers, CertificateAuthority ca, ConfiguredLog logs, SignetConfig config,
            SignetMetrics metrics, RateLimits rateLimits) {
        this.issuers = issuers;
        this.rateLimits = rateLimits;
        this.ca = ca;
        this.logs = logs;
        this.proofVerifier = new ProofVerifier(allowedAlgorithms(config.clientSigningAlgorithms()));
        this.signing = new BoundedPool("signet-sign", CPU_THREADS, MAX_QUEUED_SIGNINGS);
        this.keyWaits = new BoundedPool("signet-idp-wait", KEY_WAIT_THREADS, MAX_QUEUED_SIGNINGS);
        this.finishing = Executors.newFixedThreadPool(CPU_THREADS, BoundedPool.daemonThreads("signet-finish"));
        this.logging = new CertificateLogging(ca, logs.log(), logs.detachedSct(), finishing, metrics);
    }

    /**
     * Issues a certificate for the identity in {@code token} and the key proven by {@code proof},
     * without waiting on the calling thread (an event loop may call it). The token, the proof, the
     * precertificate and the log submission run on the signing pool, and the final certificate on
     * the finishing pool once the log answers, so no thread waits for the log. A token whose
     * issuer's keys must first be fetched is verified on a thread that may wait for them, then
     * goes back to the signing pool. With a log configured, nothing is returned unless the log has
     * the entry and its SCT verifies: no SCT, no certificate.
     *
     * @return a stage that fails with the {@link SignetException} (unwrapped) of the first check
     *     that failed: CA_BUSY (503) when {@value #MAX_QUEUED_SIGNINGS} requests already wait for
     *     a signing thread, LOG_BUSY (503) when the log's pool is full, LOG_UNAVAILABLE (503) while a shared log's database is away, CT_LOG (500) for any other
     *     log failure
     */
    public CompletionStage<Issuance> issueAsync(String token, KeyProof proof) {
        CompletableFuture<Issuance> result = new CompletableFuture<>();
        submit(signing, () -> authenticateAndSign(token, proof, result), result);
        return result;
    }

    /** On a signing thread: the token if its issuer's keys are at hand, else a hand-off to a thread that may wait. */
    private void authenticateAndSign(String token, KeyProof proof, CompletableFuture<Issuance> result) {
        Optional<IssuerPool.Authenticated> ready;
        try {
            ready = issuers.authenticatedIfKeysReady(token);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        if (ready.isPresent()) {
            signAndLog(ready.get(), proof, result);
            return;
        }
        submit(keyWaits, () -> {
            IssuerPool.Authenticated authenticated;
            try {
                authenticated = issuers.authenticated(token);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            submit(signing, () -> signAndLog(authenticated, proof, result), result);
        }, result);
    }

    private static void submit(BoundedPool pool, Runnable task, CompletableFuture<Issuance> result) {
        try {
            pool.submit(task);
        } catch (SignetException e) {
            result.completeExceptionally(e);
        }
    }

    private void signAndLog(IssuerPool.Authenticated authenticated, KeyProof proof, CompletableFuture<Issuance> result) {
        try {
            rateLimits.checkIdentity(authenticated.principal());
            VerifiedKey key = proofVerifier.verifyAny(proof, authenticated.principal().challenges());
            logging.issue(authenticated.principal().embed(), key.publicKey(), authenticated.type())
                    .whenComplete((issued, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(failure);
                        } else {
                            result.complete(issued);
                        }
                    });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
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
        signing.shutdown();
        keyWaits.shutdown();
        finishing.shutdown();
    }

    /** The CA chain clients trust: issuing certificate first, root last. */
    public List<X509Certificate> trustChain() {
        return ca.trustChain();
    }

    /** Every published CA chain, the issuing one first (see {@link CertificateAuthority#publishedChains()}). */
    public List<List<X509Certificate>> publishedChains() {
        return ca.publishedChains();
    }

    /** The key and ID of the log certificates go to, if any. */
    public Optional<LogIdentity> logIdentity() {
        return logs.log().map(CtLog::identity);
    }

    /** The URL of a remote log; empty for the embedded log (served by Signet itself) or none. */
    public Optional<String> logUrl() {
        return logs.remoteUrl();
    }

    /** The configured issuers, for the configuration endpoint. */
    public List<Issuer> issuers() {
        return issuers.issuers();
    }

    /** The accepted client signing algorithms, in registry order, for the configuration endpoint. */
    public Set<SigningAlgorithm> clientSigningAlgorithms() {
        return proofVerifier.allowed();
    }

    /** The configured meta issuer patterns, for the configuration endpoint. */
    public List<MetaIssuer> metaIssuers() {
        return issuers.metaIssuers();
    }

    private static Set<SigningAlgorithm> allowedAlgorithms(List<String> names) {
        Set<SigningAlgorithm> allowed = EnumSet.noneOf(SigningAlgorithm.class);
        for (String name : names) {
            allowed.add(SigningAlgorithm.fromConfigName(name.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "signet.client-signing-algorithms: unknown algorithm " + name)));
        }
        return allowed;
    }
}
