package dev.signet.ca.kms;

import dev.signet.ca.CaSignatureAlgorithm;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handle {@link KmsProvider} signs with: a key in a KMS, never its key material. Bounds the
 * signatures in flight and gives each a deadline; a call past its deadline is abandoned (the
 * client's own timeout ends it too), so an outage costs a request its deadline, not a thread.
 */
public final class KmsSigningKey implements PrivateKey {

    private static final long serialVersionUID = 1L;

    private final transient KmsKey key;
    private final transient PublicKey publicKey;
    private final transient CaSignatureAlgorithm algorithm;
    private final transient Duration timeout;
    private final transient Semaphore inFlight;
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
    }

    public KmsKey key() {
        return key;
    }

    public PublicKey publicKey() {
        return publicKey;
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
    byte[] sign(byte[] digest) throws SignatureException {
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
            throw new SignatureException("KMS signature with " + key.reference() + " failed: " + e.getMessage(), e);
        }
        // The slot is freed when the KMS call ends, not when this caller stops waiting for it.
        call.whenComplete((signature, failure) -> inFlight.release());
        try {
            return call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new SignatureException("KMS signature with " + key.reference() + " timed out after " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignatureException("interrupted while signing with " + key.reference(), e);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new SignatureException("KMS signature with " + key.reference() + " failed: " + cause.getMessage(),
                    cause);
        }
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
