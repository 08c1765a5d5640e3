package dev.signet.challenge;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The fingerprint of RSA moduli from the Infineon library broken by ROCA (Nemec et al., CCS 2017).
 *
 * <p>Its primes have the form k*M + (65537^a mod M) with M a primorial, so the modulus is, modulo each small
 * prime p dividing M, a power of 65537. For a random modulus that happens modulo one p with probability
 * |<65537>| / (p - 1); being a power of 65537 modulo every prime of the set is the fingerprint. The discrete
 * logarithm exists exactly when the residue lies in the subgroup 65537 generates, precomputed per prime.
 */
final class RocaFingerprint {
    private static final int GENERATOR = 65537;
    /**
     * The odd primes up to 167, the set of the published detector: every Infineon modulus matches (its M has at
     * least these primes), a random one with probability about 2^-28, so the same keys are refused as by
     * Boulder and Fulcio.
     */
    private static final int[] PRIMES = oddPrimesUpTo(167);
    /** POWERS[i][r]: r is a power of 65537 modulo PRIMES[i]. */
    private static final boolean[][] POWERS = powerTables();
    /** The primes grouped so that each group's product fits in a long: one BigInteger division per group. */
    private static final List<int[]> GROUPS = groups();
    private static final List<BigInteger> GROUP_PRODUCTS = groupProducts();

    private RocaFingerprint() {
    }

    /** True if the modulus carries the Infineon fingerprint. */
    static boolean matches(BigInteger modulus) {
        for (int g = 0; g < GROUPS.size(); g++) {
            long residue = modulus.mod(GROUP_PRODUCTS.get(g)).longValue();
            for (int index : GROUPS.get(g)) {
                if (!POWERS[index][(int) (residue % PRIMES[index])]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True if the residue is a power of 65537 modulo the prime at this index of {@link #primes()}. */
    static boolean isPowerOfGenerator(int primeIndex, int residue) {
        return POWERS[primeIndex][residue];
    }

    static int[] primes() {
        return PRIMES.clone();
    }

    private static int[] oddPrimesUpTo(int max) {
        int[] all = Primes.below(max + 1);
        int[] odd = new int[all.length - 1];
        System.arraycopy(all, 1, odd, 0, odd.length);
        return odd;
    }

    private static boolean[][] powerTables() {
        boolean[][] tables = new boolean[PRIMES.length][];
        for (int i = 0; i < PRIMES.length; i++) {
            int p = PRIMES[i];
            tables[i] = new boolean[p];
            int g = GENERATOR % p;
            int power = 1;
            // Walk the cyclic subgroup until it closes; 0 is never a power, so it stays false.
            do {
                tables[i][power] = true;
                power = (power * g) % p;
            } while (power != 1);
        }
        return tables;
    }

    private static List<int[]> groups() {
        List<int[]> groups = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long product = 1;
        for (int i = 0; i < PRIMES.length; i++) {
            if (product > Long.MAX_VALUE / PRIMES[i]) {
                groups.add(current.stream().mapToInt(Integer::intValue).toArray());
                current.clear();
                product = 1;
            }
            current.add(i);
            product *= PRIMES[i];
        }
        groups.add(current.stream().mapToInt(Integer::intValue).toArray());
        return groups;
    }

    private static List<BigInteger> groupProducts() {
        List<BigInteger> products = new ArrayList<>();
        for (int[] group : GROUPS) {
            long product = 1;
            for (int index : group) {
                product *= PRIMES[index];
            }
            products.add(BigInteger.valueOf(product));
        }
        return products;
    }
}
