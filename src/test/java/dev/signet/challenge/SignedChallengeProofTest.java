package dev.signet.challenge;

import static dev.signet.challenge.ErrorAssertions.assertFails;
import static dev.signet.challenge.TestKeys.CHALLENGE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.error.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignedChallengeProofTest {
    private final ProofVerifier verifier = new ProofVerifier(SigningAlgorithm.defaults());

    @ParameterizedTest
    @CsvSource({
            "secp256r1, SHA256withECDSA, ECDSA_SHA2_256_NISTP256",
            "secp384r1, SHA384withECDSA, ECDSA_SHA2_384_NISTP384",
            "secp521r1, SHA512withECDSA, ECDSA_SHA2_512_NISTP521",
    })
    void acceptsEcKeysWithTheirDefaultHash(String curve, String signatureAlgorithm, SigningAlgorithm expected) {
        KeyPair pair = TestKeys.ec(curve);
        byte[] signature = TestKeys.sign(signatureAlgorithm, pair.getPrivate(), CHALLENGE);

        VerifiedKey key = verifier.verify(new SignedChallenge(TestKeys.publicKeyPem(pair.getPublic()), signature),
                CHALLENGE);

        assertEquals(expected, key.algorithm());
        assertArrayEquals(pair.getPublic().getEncoded(), key.publicKey().getEncoded());
    }

    @ParameterizedTest
    @CsvSource({"2048, RSA_SIGN_PKCS1_2048_SHA256", "3072, RSA_SIGN_PKCS1_3072_SHA256",
            "4096, RSA_SIGN_PKCS1_4096_SHA256"})
    void acceptsRsaKeys(int bits, SigningAlgorithm expected) {
        KeyPair pair = TestKeys.rsa(bits);
        byte[] signature = TestKeys.sign("SHA256withRSA", pair.getPrivate(), CHALLENGE);

        VerifiedKey key = verifier.verify(new SignedChallenge(TestKeys.publicKeyPem(pair.getPublic()), signature),
                CHALLENGE);

        assertEquals(expected, key.algorithm());
        assertArrayEquals(pair.getPublic().getEncoded(), key.publicKey().getEncoded());
    }

    @Test
    void acceptsEd25519() {
        KeyPair pair = TestKeys.ed25519();
        byte[] signature = TestKeys.sign("Ed25519", pair.getPrivate(), CHALLENGE);

        VerifiedKey key = verifier.verify(new SignedChallenge(TestKeys.publicKeyPem(pair.getPublic()), signature),
                CHALLENGE);

        assertEquals(SigningAlgorithm.ED25519, key.algorithm());
        assertArrayEquals(pair.getPublic().getEncoded(), key.publicKey().getEncoded());
    }

    @Test
    void acceptsPkcs1RsaPublicKeyPem() throws Exception {
        KeyPair pair = TestKeys.rsa(2048);
        java.security.interfaces.RSAPublicKey rsa = (java.security.interfaces.RSAPublicKey) pair.getPublic();
        byte[] pkcs1 = new RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent()).getEncoded();
        byte[] signature = TestKeys.sign("SHA256withRSA", pair.getPrivate(), CHALLENGE);

        VerifiedKey key = verifier.verify(new SignedChallenge(TestKeys.pem("RSA PUBLIC KEY", pkcs1), signature),
                CHALLENGE);

        assertEquals(SigningAlgorithm.RSA_SIGN_PKCS1_2048_SHA256, key.algorithm());
        assertArrayEquals(pair.getPublic().getEncoded(), key.publicKey().getEncoded());
    }

    @Test
    void acceptsRawDerAndCrlfPem() {
        KeyPair pair = TestKeys.ec("secp256r1");
        byte[] signature = TestKeys.sign("SHA256withECDSA", pair.getPrivate(), CHALLENGE);
        byte[] crlfPem = new String(TestKeys.publicKeyPem(pair.getPublic()), StandardCharsets.US_ASCII)
                .replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);

        assertEquals(SigningAlgorithm.ECDSA_SHA2_256_NISTP256,
                verifier.verify(new SignedChallenge(pair.getPublic().getEncoded(), signature), CHALLENGE).algorithm());
        assertEquals(SigningAlgorithm.ECDSA_SHA2_256_NISTP256,
                verifier.verify(new SignedChallenge(crlfPem, signature), CHALLENGE).algorithm());
    }

    @Test
    void refusesASignatureOverAnotherString() {
        for (KeyPair pair : new KeyPair[] {TestKeys.ec("secp256r1"), TestKeys.rsa(2048), TestKeys.ed25519()}) {
            String algorithm = switch (pair.getPublic().getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                default -> "Ed25519";
            };
            byte[] key = TestKeys.publicKeyPem(pair.getPublic());
            for (String other : new String[] {"Alice@example.com", "bob@example.com", "", CHALLENGE + "\n"}) {
                byte[] signature = TestKeys.sign(algorithm, pair.getPrivate(), other);
                assertFails(ErrorKind.INVALID_SIGNATURE,
                        () -> verifier.verify(new SignedChallenge(key, signature), CHALLENGE));
            }
        }
    }

    @Test
    void acceptsASignatureOverAnyOfTheChallengesAndNothingElse() {
        KeyPair pair = TestKeys.ec("secp256r1");
        byte[] key = TestKeys.publicKeyPem(pair.getPublic());
        List<String> challenges = List.of(CHALLENGE, "subject-1234");
        for (String signed : challenges) {
            byte[] signature = TestKeys.sign("SHA256withECDSA", pair.getPrivate(), signed);
            assertEquals(SigningAlgorithm.ECDSA_SHA2_256_NISTP256,
                    verifier.verifyAny(new SignedChallenge(key, signature), challenges).algorithm());
        }
        byte[] other = TestKeys.sign("SHA256withECDSA", pair.getPrivate(), "subject-12345");
        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verifyAny(new SignedChallenge(key, other), challenges));
        byte[] second = TestKeys.sign("SHA256withECDSA", pair.getPrivate(), "subject-1234");
        assertFails(ErrorKind.INVALID_SIGNATURE,
                () -> verifier.verifyAny(new SignedChallenge(key, second), List.of(CHALLENGE)));
    }

    @Test
    void refusesTheWrongHashForTheCurve() {
        KeyPair pair = TestKeys.ec("secp384r1");
        byte[] signature = TestKeys.sign("SHA256withECDSA", pair.getPrivate(), CHALLENGE);

        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(
                new SignedChallenge(TestKeys.publicKeyPem(pair.getPublic()), signature), CHALLENGE));
    }

    @Test
    void refusesZeroRAndS() {
        KeyPair pair = TestKeys.ec("secp256r1");
        byte[] zero = TestKeys.hex("3006020100020100");

        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(
                new SignedChallenge(TestKeys.publicKeyPem(pair.getPublic()), zero), CHALLENGE));
    }

    @Test
    void refusesNonCanonicalEcdsaDer() {
        KeyPair pair = TestKeys.ec("secp256r1");
        byte[] key = TestKeys.publicKeyPem(pair.getPublic());
        byte[] signature = TestKeys.sign("SHA256withECDSA", pair.getPrivate(), CHALLENGE);
        // Sanity: the untouched signature verifies, so each refusal below is about the encoding alone.
        verifier.verify(new SignedChallenge(key, signature), CHALLENGE);

        byte[] trailing = TestKeys.concat(signature, new byte[] {0});
        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(new SignedChallenge(key, trailing), CHALLENGE));

        // The same (r, s) with a long-form length the DER rules forbid.
        byte[] longForm = TestKeys.concat(new byte[] {0x30, (byte) 0x81, signature[1]},
                Arrays.copyOfRange(signature, 2, signature.length));
        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(new SignedChallenge(key, longForm), CHALLENGE));

        // An extra element inside the SEQUENCE (CVE-2016-1000342).
        byte[] body = TestKeys.concat(Arrays.copyOfRange(signature, 2, signature.length), new byte[] {2, 1, 1});
        byte[] extra = TestKeys.concat(new byte[] {0x30, (byte) body.length}, body);
        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(new SignedChallenge(key, extra), CHALLENGE));
    }

    @Test
    void refusesRawEcdsaSignatures() {
        KeyPair pair = TestKeys.ec("secp256r1");
        byte[] p1363 = TestKeys.sign("SHA256withECDSAinP1363Format", pair.getPrivate(), CHALLENGE);

        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(
                new SignedChallenge(TestKeys.publicKeyPem(pair.getPublic()), p1363), CHALLENGE));
    }

    @Test
    void refusesOversizedAndMissingInputs() {
        KeyPair pair = TestKeys.ec("secp256r1");
        byte[] key = TestKeys.publicKeyPem(pair.getPublic());
        byte[] signature = TestKeys.sign("SHA256withECDSA", pair.getPrivate(), CHALLENGE);
        byte[] paddedKey = TestKeys.concat(key, new byte[PublicKeyParser.MAX_KEY_BYTES]);
        Arrays.fill(paddedKey, key.length, paddedKey.length, (byte) '\n');

        assertFails(ErrorKind.INVALID_PUBLIC_KEY,
                () -> verifier.verify(new SignedChallenge(paddedKey, signature), CHALLENGE));
        assertFails(ErrorKind.INVALID_SIGNATURE,
                () -> verifier.verify(new SignedChallenge(key, new byte[ProofVerifier.MAX_SIGNATURE_BYTES + 1]),
                        CHALLENGE));
        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(new SignedChallenge(key, null), CHALLENGE));
        assertFails(ErrorKind.INVALID_PUBLIC_KEY,
                () -> verifier.verify(new SignedChallenge(new byte[0], signature), CHALLENGE));
        assertFails(ErrorKind.INVALID_PUBLIC_KEY,
                () -> verifier.verify(new SignedChallenge(null, signature), CHALLENGE));
        assertFails(ErrorKind.INVALID_PUBLIC_KEY, () -> verifier.verify(null, CHALLENGE));
    }

    @Test
    void refusesUnparsableKeys() {
        KeyPair pair = TestKeys.ec("secp256r1");
        byte[] der = pair.getPublic().getEncoded();
        byte[] pem = TestKeys.publicKeyPem(pair.getPublic());
        byte[] signature = TestKeys.sign("SHA256withECDSA", pair.getPrivate(), CHALLENGE);
        byte[] garbage = new byte[200];
        TestKeys.RANDOM.nextBytes(garbage);
        garbage[0] = 0x30;

        byte[][] bad = {
                {0x30, 0x00},
                garbage,
                Arrays.copyOf(der, der.length - 1),
                TestKeys.concat(der, new byte[] {0}),
                "not a key at all".getBytes(StandardCharsets.US_ASCII),
                TestKeys.pem("CERTIFICATE", der),
                TestKeys.pem("PRIVATE KEY", der),
                TestKeys.concat(pem, pem),
                TestKeys.concat(pem, "junk".getBytes(StandardCharsets.US_ASCII)),
                TestKeys.concat("junk\n".getBytes(StandardCharsets.US_ASCII), pem),
                TestKeys.pem("PUBLIC KEY", new byte[] {0x30, 0x00}),
                TestKeys.pem("RSA PUBLIC KEY", der),
                new String(pem, StandardCharsets.US_ASCII).replace("-----END PUBLIC KEY-----", "")
                        .getBytes(StandardCharsets.US_ASCII),
                new String(pem, StandardCharsets.US_ASCII).replace("-----\n", "-----\nProc-Type: 4,ENCRYPTED\n\n")
                        .getBytes(StandardCharsets.US_ASCII),
        };
        for (byte[] key : bad) {
            assertFails(ErrorKind.INVALID_PUBLIC_KEY, () -> verifier.verify(new SignedChallenge(key, signature),
                    CHALLENGE));
        }
    }

    @Test
    void refusesAlgorithmsOutsideTheAllowList() {
        ProofVerifier p256Only = new ProofVerifier(EnumSet.of(SigningAlgorithm.ECDSA_SHA2_256_NISTP256));
        KeyPair rsa = TestKeys.rsa(2048);
        KeyPair p384 = TestKeys.ec("secp384r1");
        KeyPair ed = TestKeys.ed25519();

        assertFails(ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED, () -> p256Only.verify(new SignedChallenge(
                TestKeys.publicKeyPem(rsa.getPublic()), TestKeys.sign("SHA256withRSA", rsa.getPrivate(), CHALLENGE)),
                CHALLENGE));
        assertFails(ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED, () -> p256Only.verify(new SignedChallenge(
                TestKeys.publicKeyPem(p384.getPublic()),
                TestKeys.sign("SHA384withECDSA", p384.getPrivate(), CHALLENGE)), CHALLENGE));
        assertFails(ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED, () -> p256Only.verify(new SignedChallenge(
                TestKeys.publicKeyPem(ed.getPublic()), TestKeys.sign("Ed25519", ed.getPrivate(), CHALLENGE)),
                CHALLENGE));
    }

    @Test
    void refusesAnEd25519SignatureOfTheWrongLength() {
        KeyPair pair = TestKeys.ed25519();
        byte[] signature = TestKeys.sign("Ed25519", pair.getPrivate(), CHALLENGE);

        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(new SignedChallenge(
                TestKeys.publicKeyPem(pair.getPublic()), Arrays.copyOf(signature, 63)), CHALLENGE));
        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(new SignedChallenge(
                TestKeys.publicKeyPem(pair.getPublic()), TestKeys.concat(signature, new byte[1])), CHALLENGE));
    }
}
