package dev.signet.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import org.junit.jupiter.api.function.Executable;

/** Asserts the ErrorKind a failure carries. */
final class ErrorAssertions {
    private ErrorAssertions() {
    }

    static SignetException assertFails(ErrorKind expected, Executable executable) {
        SignetException failure = assertThrows(SignetException.class, executable);
        assertEquals(expected, failure.kind(), () -> "log detail: " + failure.getMessage());
        return failure;
    }
}
