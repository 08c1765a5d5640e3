package dev.signet.ctlog.embedded.http;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.util.List;

/**
 * Fuzzes the log's add-chain body parser. Property: 1 to 10 non-empty certificates, or INVALID_REQUEST
 * (a 400), never another exception.
 */
class SubmittedChainFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void read(byte[] body) {
        List<byte[]> chain;
        try {
            chain = SubmittedChain.read(body);
        } catch (SignetException e) {
            assertSame(ErrorKind.INVALID_REQUEST, e.kind());
            return;
        }
        assertTrue(!chain.isEmpty() && chain.size() <= SubmittedChain.MAX_CERTIFICATES);
        assertTrue(chain.stream().allMatch(der -> der.length > 0));
    }
}
