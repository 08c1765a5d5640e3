package dev.signet.ctlog.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.codec.MalformedEncodingException;
import dev.signet.codec.Pem;
import dev.signet.codec.StrictDer;
import dev.signet.ctlog.EntryType;
import dev.signet.ctlog.Sha256;
import dev.signet.ctlog.embedded.http.SubmittedChain;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes the log's submission path end to end without Quarkus: an {@code add-chain} or
 * {@code add-pre-chain} body through {@link SubmittedChain#read} and {@link ChainValidator}, under a
 * fixed root ({@code SubmissionFuzzTest-root.pem}, valid 2020 to 2040) at a fixed time. Property: an
 * accepted chain, or a SignetException of kind LOG_REJECTED_CHAIN or INVALID_REQUEST (both 400), never
 * another exception; whatever is accepted is strict DER throughout, logs exactly the submitted leaf,
 * and ends in the root.
 */
class SubmissionFuzzTest {
    private static final Set<ErrorKind> KINDS = EnumSet.of(ErrorKind.LOG_REJECTED_CHAIN, ErrorKind.INVALID_REQUEST);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final X509Certificate ROOT = root();
    // One validator for the whole run, as in the log: its caches are part of what is fuzzed.
    private static final ChainValidator VALIDATOR = new ChainValidator(List.of(ROOT), Clock.fixed(NOW, ZoneOffset.UTC));

    /** The input is an add-chain body. */
    @FuzzTest(maxDuration = "2m")
    void addChain(byte[] body) {
        submit(body, false);
    }

    /** The input is an add-pre-chain body. */
    @FuzzTest(maxDuration = "2m")
    void addPreChain(byte[] body) {
        submit(body, true);
    }

    /**
     * The input is a flag byte (bit 0: precert) and then certificates, each a 2-byte big-endian length
     * and its DER; the test writes the JSON body, so mutations reach the DER rather than its base64.
     */
    @FuzzTest(maxDuration = "2m")
    void derChain(byte[] input) {
        if (input.length < 1) {
            return;
        }
        List<String> certificates = new ArrayList<>();
        int at = 1;
        while (at + 2 <= input.length) {
            int length = Math.min(((input[at] & 0xff) << 8) | (input[at + 1] & 0xff), input.length - at - 2);
            certificates.add("\"" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(input, at + 2,
                    at + 2 + length)) + "\"");
            at += 2 + length;
        }
        submit(("{\"chain\":[" + String.join(",", certificates) + "]}").getBytes(StandardCharsets.US_ASCII),
                (input[0] & 1) == 1);
    }

    private static void submit(byte[] body, boolean precert) {
        List<byte[]> chain;
        AcceptedChain accepted;
        try {
            chain = SubmittedChain.read(body);
            accepted = VALIDATOR.validate(chain, precert);
        } catch (SignetException e) {
            assertTrue(KINDS.contains(e.kind()), e.kind() + ": " + e.getMessage());
            return;
        }
        assertEquals(precert ? EntryType.PRECERT_ENTRY : EntryType.X509_ENTRY, accepted.type());
        assertArrayEquals(chain.get(0), accepted.leaf());
        assertArrayEquals(encoded(ROOT), accepted.issuers().get(accepted.issuers().size() - 1));
        assertEquals(accepted.issuers().size(), accepted.fingerprints().size());
        for (int i = 0; i < accepted.issuers().size(); i++) {
            assertArrayEquals(Sha256.hash(accepted.issuers().get(i)), accepted.fingerprints().get(i));
        }
        List<byte[]> logged = new ArrayList<>(accepted.issuers());
        logged.add(accepted.leaf());
        for (byte[] der : logged) {
            try {
                StrictDer.parseWellFormed(der, 16);
            } catch (MalformedEncodingException e) {
                throw new AssertionError("accepted a certificate that is not strict DER: " + e.getMessage(), e);
            }
        }
    }

    private static X509Certificate root() {
        try (InputStream in = SubmissionFuzzTest.class.getResourceAsStream("SubmissionFuzzTest-root.pem")) {
            return Pem.certificates(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
