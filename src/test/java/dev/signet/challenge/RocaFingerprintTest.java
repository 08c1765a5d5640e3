package dev.signet.challenge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class RocaFingerprintTest {
    private static final BigInteger GENERATOR = BigInteger.valueOf(65537);

    /** 2 times the product of the fingerprint primes: the structure of Infineon's primes k*M + (65537^a mod M). */
    private static BigInteger primorial() {
        BigInteger m = BigInteger.TWO;
        for (int p : RocaFingerprint.primes()) {
            m = m.multiply(BigInteger.valueOf(p));
        }
        return m;
    }

    /** A 2048-bit product of two primes built the way the vulnerable library built them. */
    static BigInteger rocaStyleModulus() {
        while (true) {
            BigInteger n = rocaStylePrime().multiply(rocaStylePrime());
            if (n.bitLength() == 2048) {
                return n;
            }
        }
    }

    private static BigInteger rocaStylePrime() {
        BigInteger m = primorial();
        while (true) {
            BigInteger a = new BigInteger(64, TestKeys.RANDOM);
            BigInteger residue = GENERATOR.modPow(a, m);
            BigInteger k = new BigInteger(1024, TestKeys.RANDOM).setBit(1023).setBit(1022).divide(m);
            BigInteger candidate = k.multiply(m).add(residue);
            if (candidate.bitLength() == 1024 && candidate.testBit(1022) && candidate.isProbablePrime(40)) {
                return candidate;
            }
        }
    }

    @Test
    void aModulusBuiltLikeInfineonsMatchesAndPassesTheOtherChecks() {
        BigInteger n = rocaStyleModulus();

        assertTrue(RocaFingerprint.matches(n));
        // Only the fingerprint can be what refuses it.
        assertFalse(RsaWeakKeyChecks.hasSmallPrimeFactor(n));
        assertFalse(RsaWeakKeyChecks.hasFermatFactors(n));
    }

    @Test
    void anyPowerOfTheGeneratorMatchesAndOneForeignResidueBreaksIt() {
        BigInteger m = primorial();
        BigInteger n = GENERATOR.modPow(BigInteger.valueOf(123_457), m).add(m.multiply(BigInteger.valueOf(977)));
        assertTrue(RocaFingerprint.matches(n));

        int[] primes = RocaFingerprint.primes();
        int informative = 0;
        for (int i = 0; i < primes.length; i++) {
            int p = primes[i];
            int foreign = firstNonPower(i, p);
            if (foreign < 0) {
                continue; // 65537 generates all of Z_p^*, so p says nothing
            }
            informative++;
            // Change n modulo p only (Chinese remainder theorem): n + t*(m/p) with t solving the congruence.
            BigInteger pBig = BigInteger.valueOf(p);
            BigInteger cofactor = m.divide(pBig);
            BigInteger t = BigInteger.valueOf(foreign).subtract(n).multiply(cofactor.modInverse(pBig)).mod(pBig);
            BigInteger changed = n.add(t.multiply(cofactor));
            assertFalse(RocaFingerprint.matches(changed), "residue " + foreign + " mod " + p);
        }
        assertTrue(informative >= 15, "informative primes: " + informative);
    }

    @Test
    void aRandomModulusMatchesWithNegligibleProbability() {
        int[] primes = RocaFingerprint.primes();
        double log2Probability = 0;
        for (int i = 0; i < primes.length; i++) {
            int powers = 0;
            for (int r = 0; r < primes[i]; r++) {
                if (RocaFingerprint.isPowerOfGenerator(i, r)) {
                    powers++;
                }
            }
            assertFalse(RocaFingerprint.isPowerOfGenerator(i, 0));
            log2Probability += Math.log((double) powers / (primes[i] - 1)) / Math.log(2);
        }
        // The published detector's prime set: about 2^-27.8, rare enough for fresh keys (a retry draws a new one).
        assertTrue(log2Probability < -27, "false-positive rate 2^" + log2Probability);
    }

    @Test
    void ordinaryKeysDoNotMatch() {
        for (int bits : new int[] {2048, 3072}) {
            assertFalse(RocaFingerprint.matches(((RSAPublicKey) TestKeys.rsa(bits).getPublic()).getModulus()));
        }
        for (int i = 0; i < 200; i++) {
            BigInteger random = new BigInteger(2048, TestKeys.RANDOM).setBit(2047).setBit(0);
            assertFalse(RocaFingerprint.matches(random));
        }
    }

    private static int firstNonPower(int index, int p) {
        for (int r = 1; r < p; r++) {
            if (!RocaFingerprint.isPowerOfGenerator(index, r)) {
                return r;
            }
        }
        return -1;
    }
}
