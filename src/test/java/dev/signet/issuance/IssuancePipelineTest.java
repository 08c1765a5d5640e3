package dev.signet.issuance;

import static dev.signet.identity.IssuerType.EMAIL;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.CertificateAuthority;
import dev.signet.ca.IssuedCertificate;
import dev.signet.ca.Precertificate;
import dev.signet.ca.SigningStatus;
import dev.signet.ca.ephemeral.EphemeralCa;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.ctlog.embedded.EmbeddedLogOptions;
import dev.signet.ctlog.embedded.local.LocalLogStorage;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.logging.RequestIds;
import dev.signet.metrics.SignetMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's log stages (sign, submit, verify the SCT, finish) against a real embedded log: SCTs
 * checked, certificates finished on the finishing pool, never on the log's threads.
 */
class IssuancePipelineTest {
    private static final CertificateIdentity IDENTITY =
            new CertificateIdentity(SubjectAltName.email("someone@example.com"),
                    Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com"));

    @TempDir
    Path directory;

    private CountingCa ca;
    private EmbeddedLog log;
    private SimpleMeterRegistry registry;
    private final List<IssuancePipeline> pipelines = new ArrayList<>();

    @BeforeAll
    static void bouncyCastle() {
        Security.addProvider(new BouncyCastleProvider());
    }

    @BeforeEach
    void start() throws Exception {
        ca = new CountingCa(
                new EphemeralCa(new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(), new SecureRandom()),
                        Clock.systemUTC()));
        log = LocalLogStorage.open(EmbeddedLogOptions.of(directory, "test/log", p256(), List.of(ca.rootCertificate()))
                .withPeriod(Duration.ofMillis(20)));
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        log.close();
        pipelines.forEach(IssuancePipeline::close);
    }

    /** Only the log stages run here, so the stages before them have nothing to work with. */
    private IssuancePipeline pipeline(CtLog target, boolean detached) {
        return pipeline(target, detached, ca);
    }

    private IssuancePipeline pipeline(CtLog target, boolean detached, CertificateAuthority signer) {
        IssuancePipeline pipeline = new IssuancePipeline(null, null, null, null, signer, Optional.of(target), detached,
                new SignetMetrics(registry));
        pipelines.add(pipeline);
        return pipeline;
    }

    @Test
    void aVerifiedSctIsEmbeddedAndTheCertificateFinishedOnTheFinishingPool() throws Exception {
        Issuance issued = pipeline(log, false).signAndLog(IDENTITY, clientKey(), EMAIL)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(issued.sctEmbedded());
        assertTrue(ca.finishedOn.get().startsWith("signet-finish-"), ca.finishedOn.get());
        assertEquals(1, log.treeSize());
        assertEquals(1.0, registry.get("signet.certificates.issued").tag("issuer_type", "email").counter().count());
        assertEquals(1L, registry.get("signet.log.submission").tag("outcome", "ok").timer().count());
    }

    @Test
    void aCaThatSignsLaterHoldsNoThreadAndTheRequestGoesOnWhenItsSignaturesArrive() throws Exception {
        RemoteSigningCa remote = new RemoteSigningCa(ca);
        CompletionStage<Issuance> stage = pipeline(log, false, remote).signAndLog(IDENTITY, clientKey(), EMAIL);
        // The precertificate's signature is outstanding and the calling thread is already back.
        assertFalse(stage.toCompletableFuture().isDone());
        assertEquals(1, remote.outstanding.size());
        remote.answerNext();
        // The log answered and the final certificate's signature is outstanding in turn.
        await().atMost(Duration.ofSeconds(10)).until(() -> remote.outstanding.size() == 1);
        assertFalse(stage.toCompletableFuture().isDone());
        remote.answerNext();
        Issuance issued = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(issued.sctEmbedded());
        assertEquals(1, ca.finished.get());
    }

    @Test
    void theRequestIdFollowsTheRequestPastASignatureThatArrivesOnAnotherThread() throws Exception {
        RemoteSigningCa remote = new RemoteSigningCa(ca);
        CompletionStage<Issuance> stage;
        MDC.put(RequestIds.MDC_KEY, "request-7");
        try {
            stage = pipeline(log, false, remote).signAndLog(IDENTITY, clientKey(), EMAIL);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
        // The KMS's answer arrives on a thread that knows nothing of the request.
        Thread answering = new Thread(remote::answerNext, "kms-client-thread");
        answering.start();
        answering.join();
        await().atMost(Duration.ofSeconds(10)).until(() -> remote.outstanding.size() == 1);
        assertEquals("request-7", remote.finishRequestedUnder.get());
        remote.answerNext();
        stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCaSignatureThatFailsLaterFailsTheRequestWithItsOwnKind() {
        RemoteSigningCa remote = new RemoteSigningCa(ca);
        CompletionStage<Issuance> stage = pipeline(log, false, remote).signAndLog(IDENTITY, clientKey(), EMAIL);
        remote.failNext(new SignetException(ErrorKind.CA_BACKEND, "the KMS refused"));
        assertEquals(ErrorKind.CA_BACKEND, failure(stage).kind());
        assertEquals(0, log.treeSize());
    }

    @Test
    void anEmbeddedSctThatDoesNotVerifyFailsWithCtLogAndNoCertificate() {
        CtLog corrupting = new CorruptingLog(log);
        SignetException failure = failure(pipeline(corrupting, false).signAndLog(IDENTITY, clientKey(), EMAIL));
        assertEquals(ErrorKind.CT_LOG, failure.kind());
        assertEquals(0, ca.finished.get(), "no final certificate may be signed");
        assertNull(registry.find("signet.certificates.issued").counter());
        assertEquals(1L, registry.get("signet.log.submission").tag("outcome", "error").timer().count());
    }

    @Test
    void aDetachedSctThatDoesNotVerifyFailsWithCtLog() {
        SignetException failure = failure(pipeline(new CorruptingLog(log), true)
                .signAndLog(IDENTITY, clientKey(), EMAIL));
        assertEquals(ErrorKind.CT_LOG, failure.kind());
    }

    @Test
    void anUnavailableSharedLogStaysRetryLater() {
        CtLog unavailable = new FailingLog(log, new SignetException(ErrorKind.LOG_UNAVAILABLE, "database down"));
        SignetException failure = failure(pipeline(unavailable, false).signAndLog(IDENTITY, clientKey(), EMAIL));
        assertEquals(ErrorKind.LOG_UNAVAILABLE, failure.kind());
        assertEquals(503, failure.kind().httpStatus());
        assertEquals(0, ca.finished.get());
    }

    @Test
    void aBusyLogStaysBusyAndOtherLogFailuresBecomeCtLog() {
        CtLog busy = new FailingLog(log, new SignetException(ErrorKind.LOG_BUSY, "full"));
        assertEquals(ErrorKind.LOG_BUSY,
                failure(pipeline(busy, false).signAndLog(IDENTITY, clientKey(), EMAIL)).kind());
        CtLog refusing = new FailingLog(log, new SignetException(ErrorKind.LOG_REJECTED_CHAIN, "no"));
        assertEquals(ErrorKind.CT_LOG,
                failure(pipeline(refusing, false).signAndLog(IDENTITY, clientKey(), EMAIL)).kind());
        assertEquals(1L, registry.get("signet.log.submission").tag("outcome", "busy").timer().count());
        assertEquals(0, ca.finished.get());
    }

    private static SignetException failure(CompletionStage<Issuance> stage) {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertTrue(thrown.getCause() instanceof SignetException, String.valueOf(thrown.getCause()));
        return (SignetException) thrown.getCause();
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "BC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static PublicKey clientKey() {
        try {
            return p256().getPublic();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands out the log's SCTs with one signature byte flipped. */
    private record CorruptingLog(CtLog delegate) implements CtLog {
        @Override
        public CompletionStage<SignedCertificateTimestamp> submitPreChain(List<byte[]> chain) {
            return delegate.submitPreChain(chain).thenApply(CorruptingLog::corrupt);
        }

        @Override
        public CompletionStage<SignedCertificateTimestamp> submitChain(List<byte[]> chain) {
            return delegate.submitChain(chain).thenApply(CorruptingLog::corrupt);
        }

        @Override
        public LogIdentity identity() {
            return delegate.identity();
        }

        private static SignedCertificateTimestamp corrupt(SignedCertificateTimestamp sct) {
            byte[] signature = sct.signature();
            signature[signature.length - 1] ^= 1;
            return new SignedCertificateTimestamp(sct.logId(), sct.timestamp(), sct.extensions(), signature);
        }
    }

    /** A log whose every submission fails with {@code failure}. */
    private record FailingLog(CtLog delegate, SignetException failure) implements CtLog {
        @Override
        public CompletionStage<SignedCertificateTimestamp> submitPreChain(List<byte[]> chain) {
            return CompletableFuture.failedFuture(failure);
        }

        @Override
        public CompletionStage<SignedCertificateTimestamp> submitChain(List<byte[]> chain) {
            return CompletableFuture.failedFuture(failure);
        }

        @Override
        public LogIdentity identity() {
            return delegate.identity();
        }
    }

    /**
     * A CA whose key is remote, as a cloud KMS's is: it signs only asynchronously (its synchronous
     * methods refuse), and each signature stays outstanding until the test answers it, from a
     * thread of the test's choosing rather than the caller's.
     */
    private static final class RemoteSigningCa extends ReadsFromDelegate {
        final BlockingQueue<Runnable> outstanding = new LinkedBlockingQueue<>();
        /** The request ID in force when the final certificate's signature was asked for. */
        final AtomicReference<String> finishRequestedUnder = new AtomicReference<>();
        private final BlockingQueue<CompletableFuture<?>> pending = new LinkedBlockingQueue<>();

        RemoteSigningCa(CertificateAuthority delegate) {
            super(delegate);
        }

        void answerNext() {
            Runnable answer = outstanding.poll();
            assertNotNull(answer, "no signature outstanding");
            pending.poll();
            answer.run();
        }

        void failNext(SignetException failure) {
            outstanding.poll();
            CompletableFuture<?> next = pending.poll();
            assertNotNull(next, "no signature outstanding");
            next.completeExceptionally(failure);
        }

        private <T> CompletionStage<T> later(Supplier<T> signature) {
            CompletableFuture<T> answer = new CompletableFuture<>();
            pending.add(answer);
            outstanding.add(() -> answer.complete(signature.get()));
            return answer;
        }

        @Override
        public CompletionStage<IssuedCertificate> issueAsync(CertificateIdentity identity, PublicKey subjectKey) {
            return later(() -> delegate.issue(identity, subjectKey));
        }

        @Override
        public CompletionStage<Precertificate> precertificateAsync(CertificateIdentity identity, PublicKey subjectKey) {
            return later(() -> delegate.precertificate(identity, subjectKey));
        }

        @Override
        public CompletionStage<IssuedCertificate> finishAsync(Precertificate precertificate, byte[] sctList) {
            finishRequestedUnder.set(String.valueOf(MDC.get(RequestIds.MDC_KEY)));
            return later(() -> delegate.finish(precertificate, sctList));
        }

        @Override
        public IssuedCertificate issue(CertificateIdentity identity, PublicKey subjectKey) {
            throw new IllegalStateException("a remote key signs only asynchronously");
        }

        @Override
        public Precertificate precertificate(CertificateIdentity identity, PublicKey subjectKey) {
            throw new IllegalStateException("a remote key signs only asynchronously");
        }

        @Override
        public IssuedCertificate finish(Precertificate precertificate, byte[] sctList) {
            throw new IllegalStateException("a remote key signs only asynchronously");
        }
    }

    /** The ephemeral CA, noting where and how often it signs final certificates. */
    private static final class CountingCa extends ReadsFromDelegate {
        final AtomicInteger finished = new AtomicInteger();
        final AtomicReference<String> finishedOn = new AtomicReference<>();

        CountingCa(CertificateAuthority delegate) {
            super(delegate);
        }

        X509Certificate rootCertificate() {
            List<X509Certificate> chain = delegate.trustChain();
            return chain.get(chain.size() - 1);
        }

        @Override
        public IssuedCertificate issue(CertificateIdentity identity, PublicKey subjectKey) {
            return delegate.issue(identity, subjectKey);
        }

        @Override
        public Precertificate precertificate(CertificateIdentity identity, PublicKey subjectKey) {
            return delegate.precertificate(identity, subjectKey);
        }

        @Override
        public IssuedCertificate finish(Precertificate precertificate, byte[] sctList) {
            finished.incrementAndGet();
            finishedOn.set(Thread.currentThread().getName());
            return delegate.finish(precertificate, sctList);
        }
    }

    /** A test CA's chain and readiness, taken from the real CA it wraps. */
    private abstract static class ReadsFromDelegate implements CertificateAuthority {
        final CertificateAuthority delegate;

        ReadsFromDelegate(CertificateAuthority delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<X509Certificate> trustChain() {
            return delegate.trustChain();
        }

        @Override
        public void testSignature() {
            delegate.testSignature();
        }

        @Override
        public SigningStatus signingStatus() {
            return delegate.signingStatus();
        }
    }
}
