package dev.signet.ca;

import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A new root and the intermediate it signed, with both key pairs: what a first start and
 * {@code signet ca create} make.
 *
 * @param rootKeys         the root's key pair (in memory or in a token)
 * @param root             the self-signed root
 * @param intermediateKeys the intermediate's key pair, the one that signs leaves
 * @param intermediate     the intermediate, signed by the root
 */
public record CaHierarchy(KeyPair rootKeys, X509Certificate root, KeyPair intermediateKeys,
        X509Certificate intermediate) {

    public CaHierarchy {
        Objects.requireNonNull(rootKeys, "rootKeys");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(intermediateKeys, "intermediateKeys");
        Objects.requireNonNull(intermediate, "intermediate");
    }

    /**
     * What to create.
     *
     * @param rootSubject          root subject DN (CN and O, as Fulcio's specification asks)
     * @param intermediateSubject  intermediate subject DN
     * @param rootLifetime         how long the root is valid from now
     * @param intermediateLifetime how long the intermediate is valid from now
     * @param rootPathLength       the root's pathLenConstraint, null for none
     */
    public record Spec(X500Name rootSubject, X500Name intermediateSubject, Duration rootLifetime,
            Duration intermediateLifetime, Integer rootPathLength) {

        public Spec {
            Objects.requireNonNull(rootSubject, "rootSubject");
            Objects.requireNonNull(intermediateSubject, "intermediateSubject");
            requirePositive(rootLifetime, "root lifetime");
            requirePositive(intermediateLifetime, "intermediate lifetime");
            if (intermediateLifetime.compareTo(rootLifetime) > 0) {
                throw new IllegalArgumentException("the intermediate cannot outlive the root (" + intermediateLifetime
                        + " > " + rootLifetime + ")");
            }
            if (rootPathLength != null && rootPathLength < 1) {
                throw new IllegalArgumentException("the root's path length must admit an intermediate");
            }
        }

        private static void requirePositive(Duration duration, String what) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
        }
    }

    /**
     * Generates both key pairs with {@code keys} and signs both certificates through {@code signer}
     * (Bouncy Castle for keys in memory, the token's provider for keys in an HSM).
     */
    public static CaHierarchy create(Spec spec, Supplier<KeyPair> keys, Provider signer, Instant now,
            SecureRandom random) {
        KeyPair rootKeys = keys.get();
        X509Certificate root = CaCertificates.root(rootKeys, spec.rootSubject(), now, spec.rootLifetime(),
                spec.rootPathLength(), random, signer);
        KeyPair intermediateKeys = keys.get();
        X509Certificate intermediate = CaCertificates.intermediate(intermediateKeys.getPublic(),
                spec.intermediateSubject(), root, rootKeys.getPrivate(), now, spec.intermediateLifetime(), random,
                signer);
        return new CaHierarchy(rootKeys, root, intermediateKeys, intermediate);
    }

    /** Intermediate then root: the chain a CA configured with the intermediate's key publishes. */
    public List<X509Certificate> chain() {
        return List.of(intermediate, root);
    }

    @Override
    public String toString() {
        // Never print the private keys, whatever their toString does.
        return "CaHierarchy[root " + root.getSubjectX500Principal() + ", intermediate "
                + intermediate.getSubjectX500Principal() + "]";
    }
}
