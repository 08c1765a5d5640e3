package dev.signet.challenge;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fuzzes proof-of-possession checking: public-key PEM and DER parsing with the key policy, the
 * signature over the challenge, and CSR parsing. Property: a verified key or a SignetException of
 * one of the kinds {@link ProofVerifier#verify} documents for that proof, never another exception.
 */
class ProofVerifierFuzzTest {

    private static final ProofVerifier VERIFIER = new ProofVerifier(EnumSet.allOf(SigningAlgorithm.class));
    private static final String CHALLENGE = "alice@example.com";
    private static final Set<ErrorKind> KEY_KINDS = EnumSet.of(ErrorKind.INVALID_PUBLIC_KEY,
            ErrorKind.INSECURE_PUBLIC_KEY, ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED, ErrorKind.INVALID_SIGNATURE);
    private static final Set<ErrorKind> CSR_KINDS = EnumSet.of(ErrorKind.INVALID_CSR,
            ErrorKind.INSECURE_PUBLIC_KEY, ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED, ErrorKind.INVALID_SIGNATURE);

    /** The input is the key (PEM, or DER if not PEM) with a fixed, wrong signature: parsing and policy. */
    @FuzzTest(maxDuration = "2m")
    void publicKey(byte[] key) {
        expectOnly(KEY_KINDS, new SignedChallenge(key, new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01}));
    }

    /** The input is a 2-byte big-endian key length, the key, then the signature over the challenge. */
    @FuzzTest(maxDuration = "2m")
    void signedChallenge(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int keyLength = Math.min(((input[0] & 0xff) << 8) | (input[1] & 0xff), input.length - 2);
        byte[] key = Arrays.copyOfRange(input, 2, 2 + keyLength);
        byte[] signature = Arrays.copyOfRange(input, 2 + keyLength, input.length);
        expectOnly(KEY_KINDS, new SignedChallenge(key, signature));
    }

    /** The input is a whole PEM request, as a client sends it. */
    @FuzzTest(maxDuration = "2m")
    void csrPem(byte[] pem) {
        expectOnly(CSR_KINDS, new CertificateRequest(pem));
    }

    /** The input is the DER of a request, wrapped in PEM here so that mutations reach the DER parser. */
    @FuzzTest(maxDuration = "2m")
    void csrDer(byte[] der) {
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
        expectOnly(CSR_KINDS, new CertificateRequest(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void expectOnly(Set<ErrorKind> kinds, KeyProof proof) {
        VerifiedKey verified;
        try {
            verified = VERIFIER.verify(proof, CHALLENGE);
        } catch (SignetException e) {
            assertTrue(kinds.contains(e.kind()), () -> "undocumented kind " + e.kind() + ": " + e.getMessage());
            return;
        }
        assertNotNull(verified.publicKey());
        assertNotNull(verified.algorithm());
    }
}
