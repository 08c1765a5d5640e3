package dev.signet.challenge;

import java.math.BigInteger;

/** Structural weaknesses of an RSA modulus that make it factorable: small factors and factors too close together. */
final class RsaWeakKeyChecks {
    /** Every prime below this bound is tested as a factor. */
    static final int SMALL_PRIME_BOUND = 1000;
    /** Boulder's default; the CA/B Forum requirements ask for at least 100. */
    static final int FERMAT_ROUNDS = 110;

    // A remainder tree over the primes below the bound: n modulo their product, then modulo products of a few
    // groups, then modulo each group. Groups fit in an int so the JDK takes its one-word division path. For a
    // 2048-bit modulus this measured about 16 µs where one gcd with the product takes about 50 µs.
    private static final int GROUPS_PER_CHUNK = 8;
    private static final long[] SMALL_PRIME_GROUPS = intGroups(Primes.below(SMALL_PRIME_BOUND));
    private static final BigInteger[] CHUNK_PRODUCTS = chunkProducts(SMALL_PRIME_GROUPS);
    private static final BigInteger SMALL_PRIME_PRODUCT = product(CHUNK_PRODUCTS);

    // A square is a square modulo every m; these four moduli reject about 99% of non-squares with int arithmetic,
    // so the expensive exact square root runs about once per key instead of once per round.
    private static final int[] FILTER_MODULI = {64, 63, 65, 11};
    private static final boolean[][] SQUARES_MODULO = squareTables();
    private static final long FILTER_PRODUCT = 64L * 63 * 65 * 11;
    private static final BigInteger FILTER_PRODUCT_BIG = BigInteger.valueOf(FILTER_PRODUCT);

    private RsaWeakKeyChecks() {
    }

    /** True if some prime below {@link #SMALL_PRIME_BOUND} divides n. */
    static boolean hasSmallPrimeFactor(BigInteger n) {
        BigInteger residue = n.mod(SMALL_PRIME_PRODUCT);
        for (int chunk = 0; chunk < CHUNK_PRODUCTS.length; chunk++) {
            BigInteger chunkResidue = residue.mod(CHUNK_PRODUCTS[chunk]);
            int end = Math.min(SMALL_PRIME_GROUPS.length, (chunk + 1) * GROUPS_PER_CHUNK);
            for (int g = chunk * GROUPS_PER_CHUNK; g < end; g++) {
                long group = SMALL_PRIME_GROUPS[g];
                // Non-trivial exactly when a prime of the group divides n.
                if (gcd(chunkResidue.mod(BigInteger.valueOf(group)).longValue(), group) != 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True if Fermat's method factors n within {@link #FERMAT_ROUNDS} steps, i.e. n = a^2 - b^2 for some a in
     * [ceil(sqrt(n)), ceil(sqrt(n)) + rounds): the primes are so close that n is nearly a square.
     */
    static boolean hasFermatFactors(BigInteger n) {
        return hasFermatFactors(n, FERMAT_ROUNDS);
    }

    static boolean hasFermatFactors(BigInteger n, int rounds) {
        BigInteger a = IntegerSquareRoot.floor(n);
        if (a.multiply(a).compareTo(n) < 0) {
            a = a.add(BigInteger.ONE);
        }
        // Walk b2 = a^2 - n modulo the filter product only; (a + 1)^2 - n = (a^2 - n) + 2a + 1.
        long b2Residue = a.multiply(a).subtract(n).mod(FILTER_PRODUCT_BIG).longValue();
        long aResidue = a.mod(FILTER_PRODUCT_BIG).longValue();
        for (int i = 0; i < rounds; i++) {
            if (couldBeSquare(b2Residue)) {
                BigInteger ai = a.add(BigInteger.valueOf(i));
                BigInteger b2 = ai.multiply(ai).subtract(n);
                BigInteger b = IntegerSquareRoot.floor(b2);
                if (b.multiply(b).equals(b2)) {
                    return true;
                }
            }
            b2Residue = (b2Residue + 2 * aResidue + 1) % FILTER_PRODUCT;
            aResidue = (aResidue + 1) % FILTER_PRODUCT;
        }
        return false;
    }

    /** False only if a residue modulo {@link #FILTER_PRODUCT} proves the number is not a perfect square. */
    static boolean couldBeSquare(long residue) {
        for (int i = 0; i < FILTER_MODULI.length; i++) {
            if (!SQUARES_MODULO[i][(int) (residue % FILTER_MODULI[i])]) {
                return false;
            }
        }
        return true;
    }

    private static boolean[][] squareTables() {
        boolean[][] tables = new boolean[FILTER_MODULI.length][];
        for (int i = 0; i < FILTER_MODULI.length; i++) {
            int m = FILTER_MODULI[i];
            tables[i] = new boolean[m];
            for (int x = 0; x < m; x++) {
                tables[i][(x * x) % m] = true;
            }
        }
        return tables;
    }

    private static BigInteger[] chunkProducts(long[] groups) {
        int chunks = (groups.length + GROUPS_PER_CHUNK - 1) / GROUPS_PER_CHUNK;
        BigInteger[] products = new BigInteger[chunks];
        for (int chunk = 0; chunk < chunks; chunk++) {
            BigInteger product = BigInteger.ONE;
            for (int g = chunk * GROUPS_PER_CHUNK; g < Math.min(groups.length, (chunk + 1) * GROUPS_PER_CHUNK); g++) {
                product = product.multiply(BigInteger.valueOf(groups[g]));
            }
            products[chunk] = product;
        }
        return products;
    }

    private static BigInteger product(BigInteger[] factors) {
        BigInteger product = BigInteger.ONE;
        for (BigInteger factor : factors) {
            product = product.multiply(factor);
        }
        return product;
    }

    private static long[] intGroups(int[] primes) {
        long[] groups = new long[primes.length];
        int count = 0;
        long product = 1;
        for (int p : primes) {
            if (product * p > Integer.MAX_VALUE) {
                groups[count++] = product;
                product = 1;
            }
            product *= p;
        }
        groups[count++] = product;
        return java.util.Arrays.copyOf(groups, count);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
