package dev.signet.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class IntegerSquareRootTest {

    @Test
    void agreesWithTheJdkOnRandomNumbersOfEverySize() {
        for (int bits = 1; bits <= 4200; bits += 37) {
            for (int i = 0; i < 5; i++) {
                BigInteger n = new BigInteger(bits, TestKeys.RANDOM);
                assertEquals(n.sqrt(), IntegerSquareRoot.floor(n), "n = " + n);
            }
        }
    }

    @Test
    void isExactAroundPerfectSquares() {
        for (int bits : new int[] {60, 101, 1024, 2048}) {
            BigInteger s = new BigInteger(bits, TestKeys.RANDOM).setBit(bits - 1);
            BigInteger square = s.multiply(s);
            assertEquals(s, IntegerSquareRoot.floor(square));
            assertEquals(s.subtract(BigInteger.ONE), IntegerSquareRoot.floor(square.subtract(BigInteger.ONE)));
            assertEquals(s, IntegerSquareRoot.floor(square.add(s.shiftLeft(1))));
        }
        assertEquals(BigInteger.ZERO, IntegerSquareRoot.floor(BigInteger.ZERO));
        BigInteger allOnes = BigInteger.ONE.shiftLeft(4096).subtract(BigInteger.ONE);
        assertEquals(allOnes.sqrt(), IntegerSquareRoot.floor(allOnes));
        assertThrows(ArithmeticException.class, () -> IntegerSquareRoot.floor(BigInteger.valueOf(-1)));
    }
}
