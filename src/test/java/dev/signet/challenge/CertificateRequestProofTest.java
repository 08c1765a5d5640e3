package dev.signet.challenge;

import static dev.signet.challenge.ErrorAssertions.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.Der;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateRequestProofTest {
    private final ProofVerifier verifier = new ProofVerifier(SigningAlgorithm.defaults());

    @ParameterizedTest
    @CsvSource({
            "EC, secp256r1, SHA256withECDSA, ECDSA_SHA2_256_NISTP256",
            "EC, secp384r1, SHA384withECDSA, ECDSA_SHA2_384_NISTP384",
            "EC, secp521r1, SHA512withECDSA, ECDSA_SHA2_512_NISTP521",
            "RSA, 2048, SHA256withRSA, RSA_SIGN_PKCS1_2048_SHA256",
            "RSA, 3072, SHA256withRSA, RSA_SIGN_PKCS1_3072_SHA256",
            "RSA, 4096, SHA256withRSA, RSA_SIGN_PKCS1_4096_SHA256",
            "Ed25519, -, Ed25519, ED25519",
    })
    void acceptsSelfSignedRequests(String family, String size, String signatureAlgorithm, SigningAlgorithm expected) {
        KeyPair pair = pair(family, size);
        byte[] csr = TestKeys.csr(pair.getPublic(), pair.getPrivate(), signatureAlgorithm);

        VerifiedKey key = verifier.verify(new CertificateRequest(csr), "unused");

        assertEquals(expected, key.algorithm());
        assertArrayEquals(pair.getPublic().getEncoded(), key.publicKey().getEncoded());
    }

    @Test
    void acceptsTheLegacyPemTypeAndIgnoresTheChallenge() {
        KeyPair pair = TestKeys.ec("secp256r1");
        byte[] der = TestKeys.csrDer(pair.getPublic(), pair.getPrivate(), "SHA256withECDSA");

        VerifiedKey key = verifier.verify(new CertificateRequest(TestKeys.pem("NEW CERTIFICATE REQUEST", der)), null);

        assertEquals(SigningAlgorithm.ECDSA_SHA2_256_NISTP256, key.algorithm());
    }

    @Test
    void p384WithSha256NeedsItsLegacyRegistryEntry() {
        KeyPair pair = TestKeys.ec("secp384r1");
        CertificateRequest request = new CertificateRequest(
                TestKeys.csr(pair.getPublic(), pair.getPrivate(), "SHA256withECDSA"));

        assertFails(ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED, () -> verifier.verify(request, null));

        Set<SigningAlgorithm> withLegacy = EnumSet.copyOf(SigningAlgorithm.defaults());
        withLegacy.add(SigningAlgorithm.ECDSA_SHA2_256_NISTP384);
        VerifiedKey key = new ProofVerifier(withLegacy).verify(request, null);
        assertEquals(SigningAlgorithm.ECDSA_SHA2_256_NISTP384, key.algorithm());
    }

    @Test
    void hashesWithoutARegistryEntryAreNotPermitted() {
        KeyPair rsa = TestKeys.rsa(2048);
        KeyPair p256 = TestKeys.ec("secp256r1");
        ProofVerifier everything = new ProofVerifier(EnumSet.allOf(SigningAlgorithm.class));

        assertFails(ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED, () -> everything.verify(new CertificateRequest(
                TestKeys.csr(rsa.getPublic(), rsa.getPrivate(), "SHA384withRSA")), null));
        assertFails(ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED, () -> everything.verify(new CertificateRequest(
                TestKeys.csr(p256.getPublic(), p256.getPrivate(), "SHA512withECDSA")), null));
    }

    @Test
    void refusesAlgorithmsOutsideTheAllowList() {
        KeyPair pair = TestKeys.ed25519();
        ProofVerifier ecOnly = new ProofVerifier(EnumSet.of(SigningAlgorithm.ECDSA_SHA2_256_NISTP256));

        assertFails(ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED, () -> ecOnly.verify(
                new CertificateRequest(TestKeys.csr(pair.getPublic(), pair.getPrivate(), "Ed25519")), null));
    }

    @Test
    void refusesAnInvalidSelfSignature() {
        for (KeyPair pair : new KeyPair[] {TestKeys.ec("secp256r1"), TestKeys.rsa(2048), TestKeys.ed25519()}) {
            String algorithm = switch (pair.getPublic().getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                default -> "Ed25519";
            };
            byte[] der = TestKeys.csrDer(pair.getPublic(), pair.getPrivate(), algorithm);
            // The last byte belongs to the signature; flipping its low bit keeps the DER valid.
            der[der.length - 1] ^= 0x01;

            assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(
                    new CertificateRequest(TestKeys.pem("CERTIFICATE REQUEST", der)), null));
        }
    }

    @Test
    void refusesARequestSignedByAnotherKey() {
        KeyPair enclosed = TestKeys.ec("secp256r1");
        KeyPair other = TestKeys.generate("EC", 256);

        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(new CertificateRequest(
                TestKeys.csr(enclosed.getPublic(), other.getPrivate(), "SHA256withECDSA")), null));
    }

    @Test
    void refusesAKeyAndSignatureAlgorithmOfDifferentFamilies() throws Exception {
        KeyPair ec = TestKeys.ec("secp256r1");
        KeyPair rsa = TestKeys.rsa(2048);

        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(new CertificateRequest(
                TestKeys.csr(ec.getPublic(), rsa.getPrivate(), "SHA256withRSA")), null));
    }

    @Test
    void refusesRsaPssAndOtherSignatureAlgorithms() {
        KeyPair rsa = TestKeys.rsa(2048);
        KeyPair ec = TestKeys.ec("secp256r1");

        assertFails(ErrorKind.INVALID_CSR, () -> verifier.verify(new CertificateRequest(
                TestKeys.csr(rsa.getPublic(), rsa.getPrivate(), "SHA256withRSAandMGF1")), null));
        assertFails(ErrorKind.INVALID_CSR, () -> verifier.verify(new CertificateRequest(
                TestKeys.csr(rsa.getPublic(), rsa.getPrivate(), "SHA1withRSA")), null));
        assertFails(ErrorKind.INVALID_CSR, () -> verifier.verify(new CertificateRequest(
                TestKeys.csr(ec.getPublic(), ec.getPrivate(), "SHA1withECDSA")), null));
    }

    @Test
    void refusesMalformedRequests() {
        KeyPair pair = TestKeys.ec("secp256r1");
        byte[] der = TestKeys.csrDer(pair.getPublic(), pair.getPrivate(), "SHA256withECDSA");
        byte[] pem = TestKeys.pem("CERTIFICATE REQUEST", der);
        byte[] random = new byte[300];
        TestKeys.RANDOM.nextBytes(random);
        byte[] indefinite = der.clone();
        indefinite[1] = (byte) 0x80;

        byte[][] bad = {
                TestKeys.pem("CERTIFICATE REQUEST", new byte[] {0x30, 0x00}),
                TestKeys.pem("CERTIFICATE REQUEST", random),
                TestKeys.pem("CERTIFICATE REQUEST", java.util.Arrays.copyOf(der, der.length - 5)),
                TestKeys.pem("CERTIFICATE REQUEST", TestKeys.concat(der, new byte[] {0})),
                TestKeys.pem("CERTIFICATE REQUEST", indefinite),
                TestKeys.pem("CERTIFICATE", der),
                der,
                random,
                "garbage".getBytes(StandardCharsets.US_ASCII),
                TestKeys.concat(pem, pem),
                TestKeys.concat(pem, "trailing".getBytes(StandardCharsets.US_ASCII)),
                new byte[0],
                null,
        };
        for (byte[] csr : bad) {
            assertFails(ErrorKind.INVALID_CSR, () -> verifier.verify(new CertificateRequest(csr), null));
        }
    }

    @Test
    void refusesAnUnparsableEnclosedKeyAsAnInvalidCsr() {
        // Version 0, empty subject, an SPKI that is an empty SEQUENCE, no attributes, an Ed25519-sized signature.
        byte[] info = TestKeys.hex("3009" + "020100" + "3000" + "3000" + "a000");
        byte[] csr = TestKeys.concat(TestKeys.hex("3055"), info, TestKeys.hex("300506032b6570"),
                TestKeys.hex("034100"), new byte[64]);

        SignetException failure = assertFails(ErrorKind.INVALID_CSR, () -> verifier.verify(
                new CertificateRequest(TestKeys.pem("CERTIFICATE REQUEST", csr)), null));
        assertTrue(failure.getMessage().contains("SubjectPublicKeyInfo"), failure.getMessage());
    }

    @Test
    void refusesWeakKeysInRequests() {
        KeyPair p224 = TestKeys.ec("secp224r1");
        KeyPair rsa1024 = TestKeys.generate("RSA", 1024);

        assertFails(ErrorKind.INSECURE_PUBLIC_KEY, () -> verifier.verify(new CertificateRequest(
                TestKeys.csr(p224.getPublic(), p224.getPrivate(), "SHA256withECDSA")), null));
        assertFails(ErrorKind.INSECURE_PUBLIC_KEY, () -> verifier.verify(new CertificateRequest(
                TestKeys.csr(rsa1024.getPublic(), rsa1024.getPrivate(), "SHA256withRSA")), null));
    }

    @Test
    void refusesOversizedAndDeeplyNestedRequestsQuickly() {
        byte[] oversized = new byte[CsrParser.MAX_CSR_BYTES + 1];
        java.util.Arrays.fill(oversized, (byte) 'A');
        assertFails(ErrorKind.INVALID_CSR, () -> verifier.verify(new CertificateRequest(oversized), null));

        // 10,000 nested SEQUENCEs, the shape that exhausts the stack of recursive ASN.1 parsers.
        byte[] pem = TestKeys.pem("CERTIFICATE REQUEST", Der.nestedSequences(10_000));
        assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertFails(ErrorKind.INVALID_CSR, () -> verifier.verify(new CertificateRequest(pem), null)));
    }

    private static KeyPair pair(String family, String size) {
        return switch (family) {
            case "EC" -> TestKeys.ec(size);
            case "RSA" -> TestKeys.rsa(Integer.parseInt(size));
            default -> TestKeys.ed25519();
        };
    }
}
