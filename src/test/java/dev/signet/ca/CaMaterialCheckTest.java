package dev.signet.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaMaterialCheckTest {

    private static final Instant NOW = Instant.now();

    private static String failure(PrivateKey key, List<X509Certificate> chain) {
        SignetException e = assertThrows(SignetException.class,
                () -> CaMaterialCheck.check(key, chain, NOW, "test files"));
        assertEquals(ErrorKind.CA_BACKEND, e.kind());
        assertTrue(e.getMessage().startsWith("CA material from test files is unusable: "), e.getMessage());
        return e.getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521", "RSA", "Ed25519"})
    void acceptsAGoodTwoLevelChain(String keyType) {
        TestPki.TwoLevel pki = TestPki.twoLevel(keyType);
        CaMaterial material = CaMaterialCheck.check(pki.intermediateKeys().getPrivate(), pki.chain(), NOW, "test");
        assertEquals(pki.chain(), material.chain());
        assertEquals(CaSignatureAlgorithm.forKey(pki.intermediate().getPublicKey()), material.algorithm());
    }

    @Test
    void acceptsASelfSignedRootAlone() {
        KeyPair keys = TestPki.keyPair("P-256");
        X509Certificate root =
                TestPki.cert("Root", keys.getPublic()).selfSigned(keys.getPrivate()).codeSigning(false).build();
        assertEquals(List.of(root), CaMaterialCheck.check(keys.getPrivate(), List.of(root), NOW, "test").chain());
    }

    @Test
    void refusesAnEmptyChain() {
        assertTrue(failure(TestPki.keyPair("P-256").getPrivate(), List.of()).contains("empty"));
    }

    @Test
    void refusesAKeyThatIsNotTheIssuingCertificates() {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        assertTrue(failure(TestPki.keyPair("P-256").getPrivate(), pki.chain()).contains("does not match"));
        // A key of another type fails the same way instead of throwing something else.
        assertTrue(failure(TestPki.keyPair("Ed25519").getPrivate(), pki.chain()).contains("does not match"));
    }

    @Test
    void refusesAnIssuingCertificateThatIsNotACa() {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        KeyPair keys = TestPki.keyPair("P-256");
        X509Certificate notCa =
                TestPki.cert("Not a CA", keys.getPublic()).issuedBy(pki.root(), pki.rootKeys().getPrivate())
                        .ca(false).build();
        assertTrue(failure(keys.getPrivate(), List.of(notCa, pki.root())).contains("is not a CA certificate"));
    }

    @Test
    void refusesAnIssuingCertificateWithoutKeyCertSign() {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        KeyPair keys = TestPki.keyPair("P-256");
        X509Certificate noCertSign = TestPki.cert("CRL only", keys.getPublic())
                .issuedBy(pki.root(), pki.rootKeys().getPrivate()).keyUsage(KeyUsage.cRLSign).build();
        assertTrue(failure(keys.getPrivate(), List.of(noCertSign, pki.root())).contains("keyCertSign"));
    }

    @Test
    void refusesAnIntermediateWithoutCodeSigning() {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        KeyPair keys = TestPki.keyPair("P-256");
        X509Certificate noEku =
                TestPki.cert("No EKU", keys.getPublic()).issuedBy(pki.root(), pki.rootKeys().getPrivate())
                        .codeSigning(false).build();
        assertTrue(failure(keys.getPrivate(), List.of(noEku, pki.root())).contains("codeSigning"));
    }

    @Test
    void refusesAChainThatDoesNotLink() {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        TestPki.TwoLevel other = TestPki.twoLevel("P-256");
        String message = failure(pki.intermediateKeys().getPrivate(), List.of(pki.intermediate(), other.root()));
        assertTrue(message.contains("not signed by the next certificate"), message);
    }

    @Test
    void refusesAChainWhoseLastCertificateIsNotSelfSigned() {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        String message = failure(pki.intermediateKeys().getPrivate(), List.of(pki.intermediate()));
        assertTrue(message.contains("a root must be self-signed"), message);
    }

    @Test
    void refusesAnExpiredCertificate() {
        KeyPair keys = TestPki.keyPair("P-256");
        X509Certificate expired = TestPki.cert("Old Root", keys.getPublic()).selfSigned(keys.getPrivate())
                .validity(NOW.minus(10, ChronoUnit.DAYS), NOW.minus(1, ChronoUnit.DAYS)).build();
        assertTrue(failure(keys.getPrivate(), List.of(expired)).contains("expired"));
    }

    @Test
    void refusesAPathLengthTooShortForTheChain() {
        KeyPair rootKeys = TestPki.keyPair("P-256");
        X509Certificate root = TestPki.cert("Root", rootKeys.getPublic()).selfSigned(rootKeys.getPrivate())
                .pathLength(0).codeSigning(false).build();
        KeyPair keys = TestPki.keyPair("P-256");
        X509Certificate intermediate =
                TestPki.cert("Intermediate", keys.getPublic()).issuedBy(root, rootKeys.getPrivate())
                        .build();
        assertTrue(failure(keys.getPrivate(), List.of(intermediate, root)).contains("pathLenConstraint"));
    }

    @Test
    void refusesAWeakRsaKey() {
        KeyPair keys = TestPki.keyPair("RSA-1024");
        X509Certificate root = TestPki.cert("Weak", keys.getPublic()).selfSigned(keys.getPrivate()).build();
        assertTrue(failure(keys.getPrivate(), List.of(root)).contains("at least 2048"));
    }
}
