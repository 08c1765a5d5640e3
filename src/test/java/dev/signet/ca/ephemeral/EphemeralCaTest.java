package dev.signet.ca.ephemeral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.CaCertificates;
import dev.signet.ca.CaSignatureAlgorithm;
import dev.signet.ca.IssuedCertificate;
import dev.signet.ca.TestPki;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.codec.BouncyCastle;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EphemeralCaTest {

    private static EphemeralCa ca() {
        return new EphemeralCa(new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(), new SecureRandom()),
                Clock.systemUTC());
    }

    @Test
    void rootIsAFreshSelfSignedP256CaThatIssuesLeaves() throws Exception {
        EphemeralCa ca = ca();
        List<X509Certificate> chain = ca.trustChain();
        assertEquals(1, chain.size());
        X509Certificate root = chain.get(0);
        assertEquals("CN=Signet Ephemeral Root,O=Signet", root.getSubjectX500Principal().getName());
        assertEquals(root.getSubjectX500Principal(), root.getIssuerX500Principal());
        root.verify(root.getPublicKey(), BouncyCastle.PROVIDER);
        assertEquals(1, root.getBasicConstraints());
        assertTrue(root.getKeyUsage()[5] && root.getKeyUsage()[6]);
        assertTrue(root.getExtensionValue("2.5.29.14") != null);
        assertEquals(CaSignatureAlgorithm.ECDSA_P256, CaSignatureAlgorithm.forKey(root.getPublicKey()));

        IssuedCertificate issued = ca.issue(
                new CertificateIdentity(SubjectAltName.email("a@b.c"),
                        Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com")),
                TestPki.keyPair("P-256").getPublic());
        assertEquals(chain, issued.chain());
        issued.leaf().verify(root.getPublicKey(), BouncyCastle.PROVIDER);

        assertNotEquals(CaCertificates.fingerprint(root), CaCertificates.fingerprint(ca().trustChain().get(0)),
                "every instance has its own key");
    }
}
