package dev.signet.challenge;

import java.util.Arrays;

/** Small primes for the weak-key checks, computed once by sieving rather than typed in. */
final class Primes {
    private Primes() {
    }

    /** All primes p with 2 <= p < bound, ascending. */
    static int[] below(int bound) {
        boolean[] composite = new boolean[bound];
        int[] primes = new int[bound];
        int count = 0;
        for (int i = 2; i < bound; i++) {
            if (!composite[i]) {
                primes[count++] = i;
                for (long j = (long) i * i; j < bound; j += i) {
                    composite[(int) j] = true;
                }
            }
        }
        return Arrays.copyOf(primes, count);
    }
}
