package dev.signet.ca.kms;

import dev.signet.ca.AsyncSigner;
import dev.signet.codec.BouncyCastle;
import dev.signet.ca.CaSignatureAlgorithm;
import dev.signet.error.AsyncFailure;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * The handle {@link KmsProvider} signs with: a key in a KMS, never its key material. Bounds the
 * signatures in flight and gives each a deadline; a call past its deadline is abandoned (the
 * client's own timeout ends it too), so an outage costs a request its deadline, not a thread.
 */
public final class KmsSigningKey implements PrivateKey, AsyncSigner {

    private static final long serialVersionUID = 1L;

    private final transient KmsKey key;
    private final transient PublicKey publicKey;
    private final transient PublicKey verificationKey;
    private final transient CaSignatureAlgorithm algorithm;
    private final transient Duration timeout;
    private final transient Semaphore inFlight;
    private final transient AlgorithmIdentifier algorithmIdentifier;
    private final int maxInFlight;

    /**
     * @param publicKey   the KMS's public key of {@code key}; every signature is verified with it
     * @param timeout     deadline of one signature, waiting for a free slot included
     * @param maxInFlight most signatures outstanding at the KMS at once
     */
    public KmsSigningKey(KmsKey key, PublicKey publicKey, CaSignatureAlgorithm algorithm, Duration timeout,
            int maxInFlight) {
        this.key = Objects.requireNonNull(key, "key");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.verificationKey = BouncyCastle.providerKey(publicKey);
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the KMS timeout must be positive");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("at least one KMS signature must be allowed in flight");
        }
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        // What the JCA content signer the synchronous path uses writes: the same finder decides.
        this.algorithmIdentifier = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm.jcaName());
    }

    public KmsKey key() {
        return key;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * {@link #publicKey()} as Bouncy Castle's own key, made once: verifying with it reuses the
     * point's validation and precomputed tables, where a key of another provider is converted,
     * validated and precomputed again on every signature (about half the cost of a verification).
     */
    PublicKey verificationKey() {
        return verificationKey;
    }

    public CaSignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** Signatures outstanding at the KMS now. */
    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    /**
     * The KMS's signature of {@code digest}, within the deadline.
     *
     * @throws SignatureException when the KMS refuses, fails or does not answer in time; the
     *     message names the reason, never a credential
     */
    byte[] signDigest(byte[] digest) throws SignatureException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!inFlight.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new SignatureException(maxInFlight + " KMS signatures already in flight for " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignatureException("interrupted while waiting to sign with " + key.reference(), e);
        }
        CompletableFuture<byte[]> call;
        try {
            call = key.sign(digest, algorithm).toCompletableFuture();
        } catch (RuntimeException e) {
            inFlight.release();
            throw failed(e);
        }
        // The slot is freed when the KMS call ends, not when this caller stops waiting for it.
        call.whenComplete((signature, failure) -> inFlight.release());
        try {
            return call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timedOut(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignatureException("interrupted while signing with " + key.reference(), e);
        } catch (ExecutionException | CancellationException e) {
            throw failed(e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public AlgorithmIdentifier algorithmIdentifier() {
        return algorithmIdentifier;
    }

    /**
     * The KMS's signature of {@code message}, verified with the key's public key (the issuing
     * certificate's, as checked at startup), without a thread waiting for it: the stage completes
     * in the KMS client's thread, or the JDK's one timer thread at the deadline. A full bound
     * fails at once with {@code CA_BUSY} rather than queueing: at the bound the KMS is already
     * answering slower than requests arrive (64 in flight at 20 ms is 3,200 signatures a second,
     * three times AWS's and Google's default quotas), so a queue would only turn the overload into
     * timeouts later.
     */
    @Override
    public CompletionStage<byte[]> sign(byte[] message) {
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.failedFuture(new SignetException(ErrorKind.CA_BUSY,
                    maxInFlight + " KMS signatures already in flight for " + key.reference()));
        }
        CompletableFuture<byte[]> call;
        try {
            call = key.sign(KmsProvider.digest(algorithm).digest(message), algorithm).toCompletableFuture();
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            inFlight.release();
            return CompletableFuture.failedFuture(failed(e));
        }
        // The slot is freed when the KMS call ends (also after a timeout), and before the answer is
        // handed on: a caller that signs again from the answer's thread finds it free.
        CompletableFuture<byte[]> released = call.whenComplete((signature, failure) -> inFlight.release());
        return released.copy().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).handle((signature, failure) -> {
            if (failure == null) {
                return verified(message, signature);
            }
            Throwable cause = AsyncFailure.cause(failure);
            if (cause instanceof TimeoutException) {
                call.cancel(true);
                throw new CompletionException(timedOut(cause));
            }
            throw new CompletionException(failed(cause));
        });
    }

    /** {@code signature} if it verifies; the KMS's word is checked before anything signed leaves Signet. */
    private byte[] verified(byte[] message, byte[] signature) {
        boolean valid;
        try {
            Signature check = Signature.getInstance(algorithm.jcaName(), BouncyCastle.PROVIDER);
            check.initVerify(verificationKey);
            check.update(message);
            valid = check.verify(signature);
        } catch (SignatureException e) {
            valid = false;
        } catch (GeneralSecurityException e) {
            throw new CompletionException(e);
        }
        if (!valid) {
            throw new CompletionException(new SignatureException("the KMS returned a signature that does not verify "
                    + "with " + key.reference() + "'s public key"));
        }
        return signature;
    }

    private SignatureException failed(Throwable cause) {
        return new SignatureException("KMS signature with " + key.reference() + " failed: " + cause.getMessage(),
                cause);
    }

    private SignatureException timedOut(Throwable cause) {
        return new SignatureException("KMS signature with " + key.reference() + " timed out after " + timeout, cause);
    }

    @Override
    public String getAlgorithm() {
        return publicKey.getAlgorithm();
    }

    /** Null: the key material is in the KMS and has no encoding here. */
    @Override
    public String getFormat() {
        return null;
    }

    /** Null: the key material is in the KMS and has no encoding here. */
    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String toString() {
        return "KmsSigningKey[" + key.reference() + ", " + algorithm + "]";
    }
}
