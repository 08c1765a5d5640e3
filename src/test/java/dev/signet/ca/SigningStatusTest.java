package dev.signet.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SubjectAltName;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How real and test signatures move a software CA's signing status. */
class SigningStatusTest {

    private static final CertificateIdentity IDENTITY =
            new CertificateIdentity(SubjectAltName.email("alice@example.com"), Map.of());

    @Test
    void aKeyThatCannotSignTurnsTheStatusDownAtOnceAndATestSignatureBringsItBack() {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-384");
        CaMaterial good = CaMaterialCheck.check(pki.intermediateKeys().getPrivate(),
                List.of(pki.intermediate(), pki.root()), java.time.Instant.now(), "test");
        // An RSA key behind an EC certificate: the provider refuses to sign with it.
        CaMaterial broken = new CaMaterial(TestPki.keyPair("RSA").getPrivate(), good.chain(), good.algorithm());
        SwitchableCa ca = new SwitchableCa(good);
        assertTrue(ca.signingStatus().canSign());
        ca.testSignature();

        ca.use(broken);
        SignetException failure = assertThrows(SignetException.class,
                () -> ca.issue(IDENTITY, TestPki.keyPair("P-256").getPublic()));
        assertEquals(ErrorKind.CA_BACKEND, failure.kind());
        assertFalse(ca.signingStatus().canSign());
        assertEquals(SigningStatus.SIGNING_FAILED, ca.signingStatus().reason());

        assertThrows(SignetException.class, ca::testSignature);
        assertEquals(SigningStatus.TEST_SIGNATURE_FAILED, ca.signingStatus().reason());

        ca.use(good);
        ca.testSignature();
        assertTrue(ca.signingStatus().canSign());
        assertEquals("", ca.signingStatus().reason());
    }

    @Test
    void aKeyWhoseSignatureDoesNotVerifyFailsTheTestSignature() {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        KeyPair other = TestPki.keyPair("P-256");
        SwitchableCa ca = new SwitchableCa(new CaMaterial(other.getPrivate(), List.of(pki.root())));
        SignetException failure = assertThrows(SignetException.class, ca::testSignature);
        assertTrue(failure.getMessage().contains("does not verify"), failure.getMessage());
        assertFalse(ca.signingStatus().canSign());
    }

    @Test
    void aRequestThatBreaksCertificateBuildingDoesNotTurnTheStatusDown() {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        SwitchableCa ca = new SwitchableCa(new CaMaterial(pki.intermediateKeys().getPrivate(),
                List.of(pki.intermediate(), pki.root())));
        PublicKey garbage = new PublicKey() {
            @Override
            public String getAlgorithm() {
                return "EC";
            }

            @Override
            public String getFormat() {
                return "X.509";
            }

            @Override
            public byte[] getEncoded() {
                return new byte[] {0x30, 0x03, 0x02, 0x01, 0x01};
            }
        };
        assertThrows(SignetException.class, () -> ca.issue(IDENTITY, garbage));
        assertTrue(ca.signingStatus().canSign(), "only key failures count against readiness");
    }
}
