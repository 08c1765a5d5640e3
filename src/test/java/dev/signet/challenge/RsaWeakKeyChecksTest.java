package dev.signet.challenge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class RsaWeakKeyChecksTest {

    @Test
    void theSquareFilterNeverRejectsASquare() {
        long product = 64L * 63 * 65 * 11;
        for (long x = 0; x < 200_000; x++) {
            assertTrue(RsaWeakKeyChecks.couldBeSquare((x * x) % product), "x = " + x);
        }
    }

    @Test
    void theSquareFilterRejectsMostNonSquares() {
        long product = 64L * 63 * 65 * 11;
        int passed = 0;
        for (long r = 0; r < product; r += 97) {
            if (RsaWeakKeyChecks.couldBeSquare(r)) {
                passed++;
            }
        }
        assertTrue(passed < (product / 97) / 50, "passed " + passed);
    }

    @Test
    void findsEverySmallPrimeFactor() {
        BigInteger big = BigInteger.probablePrime(1024, TestKeys.RANDOM);
        for (int p : Primes.below(RsaWeakKeyChecks.SMALL_PRIME_BOUND)) {
            assertTrue(RsaWeakKeyChecks.hasSmallPrimeFactor(big.multiply(BigInteger.valueOf(p))), "p = " + p);
        }
        assertTrue(Primes.below(1000).length == 168);
        BigInteger justAbove = BigInteger.valueOf(1009); // the first prime over the bound
        assertFalse(RsaWeakKeyChecks.hasSmallPrimeFactor(big.multiply(justAbove)));
        assertFalse(RsaWeakKeyChecks.hasSmallPrimeFactor(((RSAPublicKey) TestKeys.rsa(2048).getPublic()).getModulus()));
    }

    @Test
    void fermatFindsFactorsSeveralRoundsIn() {
        // q - p of about 20 * 2^512 puts (p + q) / 2 some dozens of steps above sqrt(n).
        BigInteger p = BigInteger.probablePrime(1024, TestKeys.RANDOM);
        BigInteger q = p.add(BigInteger.valueOf(20).shiftLeft(512)).nextProbablePrime();
        BigInteger n = p.multiply(q);
        BigInteger a = p.add(q).shiftRight(1);
        BigInteger start = n.sqrt().add(BigInteger.ONE);
        int round = a.subtract(start).intValueExact();
        assertTrue(round > 1 && round < RsaWeakKeyChecks.FERMAT_ROUNDS, "round " + round);

        assertTrue(RsaWeakKeyChecks.hasFermatFactors(n));
        assertTrue(RsaWeakKeyChecks.hasFermatFactors(n, round + 1));
        assertFalse(RsaWeakKeyChecks.hasFermatFactors(n, round));
    }

    @Test
    void fermatCatchesAdjacentPrimesAndPerfectSquares() {
        BigInteger p = BigInteger.probablePrime(1024, TestKeys.RANDOM);
        assertTrue(RsaWeakKeyChecks.hasFermatFactors(p.multiply(p.nextProbablePrime())));
        assertTrue(RsaWeakKeyChecks.hasFermatFactors(p.multiply(p)));
    }

    @Test
    void fermatLeavesOrdinaryKeysAlone() {
        for (int bits : new int[] {2048, 3072, 4096}) {
            assertFalse(
                    RsaWeakKeyChecks.hasFermatFactors(((RSAPublicKey) TestKeys.rsa(bits).getPublic()).getModulus()));
        }
        BigInteger p = BigInteger.probablePrime(1024, TestKeys.RANDOM);
        BigInteger farEnough = p.add(BigInteger.ONE.shiftLeft(600)).nextProbablePrime();
        assertFalse(RsaWeakKeyChecks.hasFermatFactors(p.multiply(farEnough)));
    }
}
