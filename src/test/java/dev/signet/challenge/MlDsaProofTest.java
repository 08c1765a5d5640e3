package dev.signet.challenge;

import static dev.signet.challenge.ErrorAssertions.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.error.ErrorKind;
import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pure ML-DSA proofs (FIPS 204, RFC 9881 encodings) by signed challenge and CSR, with their strict parsing. */
class MlDsaProofTest {
    private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();
    private static final EnumSet<SigningAlgorithm> ML_DSA = EnumSet.of(SigningAlgorithm.ML_DSA_44,
            SigningAlgorithm.ML_DSA_65, SigningAlgorithm.ML_DSA_87);

    private final ProofVerifier verifier = new ProofVerifier(ML_DSA);

    static KeyPair key(String parameterSet) {
        return KEYS.computeIfAbsent(parameterSet, name -> {
            try {
                return KeyPairGenerator.getInstance(name, TestKeys.BC).generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static byte[] sign(KeyPair pair, String parameterSet, String message) {
        try {
            java.security.Signature signer = java.security.Signature.getInstance(parameterSet, TestKeys.BC);
            signer.initSign(pair.getPrivate());
            signer.update(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({"ML-DSA-44, ML_DSA_44, 1312, 2420", "ML-DSA-65, ML_DSA_65, 1952, 3309",
            "ML-DSA-87, ML_DSA_87, 2592, 4627"})
    void acceptsEachParameterSetBySignedChallengeAndByCsr(String set, SigningAlgorithm expected, int keyBytes,
            int signatureBytes) {
        KeyPair pair = key(set);
        byte[] signature = sign(pair, set, TestKeys.CHALLENGE);
        assertEquals(signatureBytes, signature.length);
        assertEquals(keyBytes, rawKey(pair).length);

        VerifiedKey bySignature = verifier.verify(
                new SignedChallenge(TestKeys.publicKeyPem(pair.getPublic()), signature), TestKeys.CHALLENGE);
        assertEquals(expected, bySignature.algorithm());
        assertArrayEquals(pair.getPublic().getEncoded(), bySignature.publicKey().getEncoded(), "the key as sent");

        VerifiedKey byDer = verifier.verify(new SignedChallenge(pair.getPublic().getEncoded(), signature),
                TestKeys.CHALLENGE);
        assertEquals(expected, byDer.algorithm());

        VerifiedKey byCsr = verifier.verify(
                new CertificateRequest(TestKeys.csr(pair.getPublic(), pair.getPrivate(), set)), "unused");
        assertEquals(expected, byCsr.algorithm());
        assertArrayEquals(pair.getPublic().getEncoded(), byCsr.publicKey().getEncoded());
    }

    @Test
    void eachParameterSetMustBeAllowedByItself() {
        ProofVerifier only65 = new ProofVerifier(EnumSet.of(SigningAlgorithm.ML_DSA_65));
        KeyPair pair = key("ML-DSA-44");
        assertFails(ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED, () -> only65.verify(new SignedChallenge(
                TestKeys.publicKeyPem(pair.getPublic()), sign(pair, "ML-DSA-44", TestKeys.CHALLENGE)),
                TestKeys.CHALLENGE));
        assertFails(ErrorKind.SIGNING_ALGORITHM_NOT_PERMITTED, () -> new ProofVerifier(SigningAlgorithm.defaults())
                .verify(new CertificateRequest(TestKeys.csr(pair.getPublic(), pair.getPrivate(), "ML-DSA-44")), ""));
    }

    @Test
    void refusesKeysThatAreNotExactlyAKeyOfTheirOidsSet() throws IOException {
        byte[] raw44 = rawKey(key("ML-DSA-44"));
        byte[] raw65 = rawKey(key("ML-DSA-65"));
        byte[] signature44 = sign(key("ML-DSA-44"), "ML-DSA-44", TestKeys.CHALLENGE);
        ASN1ObjectIdentifier oid44 = NISTObjectIdentifiers.id_ml_dsa_44;
        assertKeyRefused(ErrorKind.INVALID_PUBLIC_KEY, spki(oid44, DERNull.INSTANCE, raw44), signature44);
        assertKeyRefused(ErrorKind.INVALID_PUBLIC_KEY, spki(oid44, null, Arrays.copyOf(raw44, 1311)), signature44);
        assertKeyRefused(ErrorKind.INVALID_PUBLIC_KEY, spki(oid44, null, Arrays.copyOf(raw44, 1313)), signature44);
        assertKeyRefused(ErrorKind.INVALID_PUBLIC_KEY, spki(oid44, null, raw65),
                sign(key("ML-DSA-65"), "ML-DSA-65", TestKeys.CHALLENGE));
        assertKeyRefused(ErrorKind.INVALID_PUBLIC_KEY, spki(NISTObjectIdentifiers.id_ml_dsa_87, null, raw65),
                sign(key("ML-DSA-65"), "ML-DSA-65", TestKeys.CHALLENGE));
        // The pre-hash variant's OID is no key type Signet knows.
        assertKeyRefused(ErrorKind.INSECURE_PUBLIC_KEY,
                spki(NISTObjectIdentifiers.id_hash_ml_dsa_44_with_sha512, null, raw44), signature44);
    }

    @Test
    void refusesSignaturesOfTheWrongLengthOrVariant() {
        KeyPair pair = key("ML-DSA-44");
        byte[] key = TestKeys.publicKeyPem(pair.getPublic());
        byte[] signature = sign(pair, "ML-DSA-44", TestKeys.CHALLENGE);
        for (byte[] bad : new byte[][] {Arrays.copyOf(signature, signature.length - 1),
                Arrays.copyOf(signature, signature.length + 1), sign(key("ML-DSA-65"), "ML-DSA-65", TestKeys.CHALLENGE),
                sign(pair, "HASH-ML-DSA", TestKeys.CHALLENGE), sign(pair, "ML-DSA-44", "bob@example.com"),
                new byte[ProofVerifier.MAX_SIGNATURE_BYTES]}) {
            assertFails(ErrorKind.INVALID_SIGNATURE,
                    () -> verifier.verify(new SignedChallenge(key, bad), TestKeys.CHALLENGE));
        }
    }

    @Test
    void refusesCsrsWhoseSignatureAlgorithmIsAnotherSetOrHasParameters() {
        KeyPair pair = key("ML-DSA-44");
        byte[] csr = TestKeys.csrDer(pair.getPublic(), pair.getPrivate(), "ML-DSA-44");
        byte[] algorithm44 = encoded(new AlgorithmIdentifier(NISTObjectIdentifiers.id_ml_dsa_44));
        assertFails(ErrorKind.INVALID_SIGNATURE, () -> verifier.verify(new CertificateRequest(TestKeys.pem(
                "CERTIFICATE REQUEST", replace(csr, algorithm44,
                        encoded(new AlgorithmIdentifier(NISTObjectIdentifiers.id_ml_dsa_65))))),
                ""));
        assertFails(ErrorKind.INVALID_CSR, () -> verifier.verify(new CertificateRequest(TestKeys.pem(
                "CERTIFICATE REQUEST", replace(csr, algorithm44, encoded(new AlgorithmIdentifier(
                        NISTObjectIdentifiers.id_hash_ml_dsa_44_with_sha512))))),
                ""));
    }

    private void assertKeyRefused(ErrorKind kind, byte[] spki, byte[] signature) {
        assertFails(kind, () -> verifier.verify(new SignedChallenge(TestKeys.pem("PUBLIC KEY", spki), signature),
                TestKeys.CHALLENGE));
    }

    private static byte[] rawKey(KeyPair pair) {
        return SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData().getOctets();
    }

    private static byte[] spki(ASN1ObjectIdentifier oid, ASN1Encodable parameters, byte[] key) throws IOException {
        return new SubjectPublicKeyInfo(new AlgorithmIdentifier(oid, parameters), key).getEncoded(ASN1Encoding.DER);
    }

    private static byte[] encoded(AlgorithmIdentifier identifier) {
        try {
            return identifier.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CSR with its outer signature algorithm (the last occurrence of {@code from}) replaced; same length. */
    private static byte[] replace(byte[] der, byte[] from, byte[] to) {
        assertEquals(from.length, to.length);
        for (int i = der.length - from.length; i >= 0; i--) {
            if (Arrays.equals(der, i, i + from.length, from, 0, from.length)) {
                byte[] out = der.clone();
                System.arraycopy(to, 0, out, i, to.length);
                return out;
            }
        }
        throw new AssertionError("algorithm identifier not found");
    }
}
