package dev.signet.challenge;

import java.math.BigInteger;

/** Structural weaknesses of an RSA modulus that make it factorable: small factors and factors too close together. */
final class RsaWeakKeyChecks {
    /** Every prime below this bound is tested as a factor. */
    static final int SMALL_PRIME_BOUND = 1000;
    /** Boulder's default; the CA/B Forum requirements ask for at least 100. */
    static final int FERMAT_ROUNDS = 110;

    private static final BigInteger SMALL_PRIME_PRODUCT = smallPrimeProduct();

    // A square is a square modulo every m; these four moduli reject about 99% of non-squares with int arithmetic,
    // so the expensive exact square root runs about once per key instead of once per round.
    private static final int[] FILTER_MODULI = {64, 63, 65, 11};
    private static final boolean[][] SQUARES_MODULO = squareTables();
    private static final long FILTER_PRODUCT = 64L * 63 * 65 * 11;
    private static final BigInteger FILTER_PRODUCT_BIG = BigInteger.valueOf(FILTER_PRODUCT);

    private RsaWeakKeyChecks() {
    }

    /** True if some prime below {@link #SMALL_PRIME_BOUND} divides n: one gcd with their precomputed product. */
    static boolean hasSmallPrimeFactor(BigInteger n) {
        return !n.gcd(SMALL_PRIME_PRODUCT).equals(BigInteger.ONE);
    }

    /**
     * True if Fermat's method factors n within {@link #FERMAT_ROUNDS} steps, i.e. n = a^2 - b^2 for some a in
     * [ceil(sqrt(n)), ceil(sqrt(n)) + rounds): the primes are so close that n is nearly a square.
     */
    static boolean hasFermatFactors(BigInteger n) {
        return hasFermatFactors(n, FERMAT_ROUNDS);
    }

    static boolean hasFermatFactors(BigInteger n, int rounds) {
        BigInteger a = n.sqrt();
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
                BigInteger b = b2.sqrt();
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

    private static BigInteger smallPrimeProduct() {
        BigInteger product = BigInteger.ONE;
        for (int p : Primes.below(SMALL_PRIME_BOUND)) {
            product = product.multiply(BigInteger.valueOf(p));
        }
        return product;
    }
}
