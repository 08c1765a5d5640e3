package dev.signet.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.LeafTemplate;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.codec.BouncyCastle;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThrowawayKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521", "RSA", "Ed25519"})
    void throwawaySignaturesVerifyWithStandardVerifiers(String keyType) throws Exception {
        CaMaterial material = TestPki.twoLevel(keyType).material();
        ThrowawayKey key = ThrowawayKey.forCa(material);
        String algorithm = material.algorithm().jcaName();
        for (int i = 0; i < 20; i++) {
            byte[] message = ("lint certificate " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] signature = key.sign(message);
            assertTrue(verifies(Signature.getInstance(algorithm, BouncyCastle.PROVIDER), key, message, signature),
                    "Bouncy Castle verifies");
            // The JDK's own provider (SunEC, SunRsaSign) as a second, independent verifier.
            assertTrue(verifies(Signature.getInstance(algorithm), key, message, signature), "the JDK verifies");
            byte[] other = ("another message " + i).getBytes(StandardCharsets.US_ASCII);
            assertFalse(verifies(Signature.getInstance(algorithm, BouncyCastle.PROVIDER), key, other, signature),
                    "a signature does not verify another message");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-384", "RSA", "Ed25519"})
    void aLintCertificateVerifiesWithTheThrowawayKeyAndNotTheCaKey(String keyType) throws Exception {
        CaMaterial material = TestPki.twoLevel(keyType).material();
        ThrowawayKey key = ThrowawayKey.forCa(material);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LeafTemplate template = LeafProfile.template(TestPki.serial(), now, now.plusSeconds(600),
                material.issuingCertificate(), TestPki.keyPair("P-256").getPublic(), new CertificateIdentity(
                        SubjectAltName.email("a@b.c"), Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com")));
        // Framed as PreIssuanceLint frames it: the directly written TBS, signed by the throwaway key.
        byte[] algorithm = material.signer().getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER);
        byte[] tbs = template.tbs(algorithm);
        X509Certificate lint = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(PreIssuanceLint.certificate(tbs, algorithm, key.sign(tbs))));
        lint.verify(key.publicKey(), BouncyCastle.PROVIDER);
        assertEquals(material.signer().getAlgorithmIdentifier().getAlgorithm().getId(), lint.getSigAlgOID());
        assertFalse(verifiesCertificate(lint, material));
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521"})
    void ecdsaReusesItsOneNonceSoOnlyTheSecondHalfChanges(String curve) {
        ThrowawayKey key = ThrowawayKey.forCa(TestPki.twoLevel(curve).material());
        ASN1Sequence first = ASN1Sequence.getInstance(key.sign(new byte[] {1}));
        ASN1Sequence second = ASN1Sequence.getInstance(key.sign(new byte[] {2}));
        assertEquals(ASN1Integer.getInstance(first.getObjectAt(0)), ASN1Integer.getInstance(second.getObjectAt(0)));
        assertNotEquals(ASN1Integer.getInstance(first.getObjectAt(1)), ASN1Integer.getInstance(second.getObjectAt(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-384", "RSA"})
    void oneThrowawayKeyServesEveryCaKeyOfTheSameType(String keyType) {
        ThrowawayKey first = ThrowawayKey.forCa(TestPki.twoLevel(keyType).material());
        ThrowawayKey second = ThrowawayKey.forCa(TestPki.twoLevel(keyType).material());
        assertSame(first, second);
        assertFalse(java.util.Arrays.equals(first.publicKey().getEncoded(),
                TestPki.twoLevel(keyType).intermediate().getPublicKey().getEncoded()));
        assertArrayEquals(first.publicKey().getEncoded(), second.publicKey().getEncoded());
    }

    private static boolean verifies(Signature verifier, ThrowawayKey key, byte[] message, byte[] signature)
            throws Exception {
        verifier.initVerify(key.publicKey());
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static boolean verifiesCertificate(X509Certificate certificate, CaMaterial material) {
        try {
            certificate.verify(material.issuingCertificate().getPublicKey(), BouncyCastle.PROVIDER);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
