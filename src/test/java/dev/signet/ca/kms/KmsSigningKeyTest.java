package dev.signet.ca.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.codec.BouncyCastle;
import dev.signet.ca.CaSignatureAlgorithm;
import dev.signet.ca.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The asynchronous signature's bookkeeping, with a KMS whose answers the test hands out itself. */
class KmsSigningKeyTest {

    private static final byte[] MESSAGE = "tbs".getBytes(StandardCharsets.US_ASCII);

    /** A KMS that answers when the test says so, with a real signature. */
    private static final class ManualKms implements KmsKey {
        final KeyPair key = TestPki.keyPair("P-256");
        final Queue<CompletableFuture<byte[]>> pending = new ArrayDeque<>();
        final Queue<byte[]> digests = new ArrayDeque<>();

        @Override
        public CompletionStage<Description> describe() {
            return CompletableFuture.completedFuture(new Description(key.getPublic(),
                    Set.of(CaSignatureAlgorithm.ECDSA_P256), "EC_P256"));
        }

        @Override
        public synchronized CompletionStage<byte[]> sign(byte[] digest, CaSignatureAlgorithm algorithm) {
            CompletableFuture<byte[]> answer = new CompletableFuture<>();
            pending.add(answer);
            digests.add(digest);
            return answer;
        }

        synchronized void answerNext() throws GeneralSecurityException {
            Signature signature = Signature.getInstance("NONEwithECDSA", BouncyCastle.PROVIDER);
            signature.initSign(key.getPrivate());
            signature.update(digests.remove());
            pending.remove().complete(signature.sign());
        }

        @Override
        public KmsKeyReference reference() {
            return KmsKeyReference.parse("hashivault://manual");
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theSlotIsFreeBeforeTheSignatureIsHandedOn() throws Exception {
        ManualKms kms = new ManualKms();
        KmsSigningKey key = new KmsSigningKey(kms, kms.key.getPublic(), CaSignatureAlgorithm.ECDSA_P256,
                Duration.ofSeconds(30), 1);
        // What the issuance pipeline does: the final certificate's signature starts as soon as the
        // precertificate's arrives, in the thread that delivers it; with one slot it must be free by then.
        CompletableFuture<byte[]> second = key.sign(MESSAGE).toCompletableFuture()
                .thenCompose(first -> key.sign(MESSAGE)).toCompletableFuture();
        kms.answerNext();
        assertEquals(1, key.inFlight(), "the second signature is in flight, not refused as busy");
        kms.answerNext();
        second.get(30, TimeUnit.SECONDS);
        assertEquals(0, key.inFlight());
    }
}
