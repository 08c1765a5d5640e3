package dev.signet.ca.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.AdditionalChainsCa;
import dev.signet.ca.CertificateAuthority;
import dev.signet.ca.TestPki;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.codec.BouncyCastle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rotation without downtime: the next chain is published first, then the file CA reloads onto it. */
class FileCaRotationTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final LeafProfile PROFILE =
            new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(), new SecureRandom());
    private static final CertificateIdentity IDENTITY =
            new CertificateIdentity(SubjectAltName.email("alice@example.com"),
                    Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com"));

    @TempDir
    Path dir;

    @Test
    void reloadSwitchesTheIssuingChainAndThePublishedOrderFollows() throws Exception {
        TestPki.TwoLevel current = TestPki.twoLevel("P-256");
        TestPki.TwoLevel next = TestPki.twoLevel("P-384");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        Files.write(chain, TestPki.certificatesPem(current.chain()));
        Files.write(key, TestPki.encryptedPkcs8Pem(current.intermediateKeys().getPrivate(), PASSWORD));
        // Step 1 of the runbook: both chains configured, the current one issuing.
        Path currentChain = dir.resolve("current-chain.pem");
        Path nextChain = dir.resolve("next-chain.pem");
        Files.write(currentChain, TestPki.certificatesPem(current.chain()));
        Files.write(nextChain, TestPki.certificatesPem(next.chain()));
        List<List<X509Certificate>> additional = AdditionalChainsCa.load(List.of(currentChain, nextChain));

        try (FileCa fileCa = FileCa.open(new CaFiles(chain, key, PASSWORD.toCharArray()), PROFILE, Clock.systemUTC(),
                Optional.empty())) {
            CertificateAuthority ca = AdditionalChainsCa.wrap(fileCa, additional);
            assertEquals(List.of(current.chain(), next.chain()), ca.publishedChains());

            // Step 2: the new pair replaces the files; the reload switches issuing chain and order.
            Files.write(key, TestPki.encryptedPkcs8Pem(next.intermediateKeys().getPrivate(), PASSWORD));
            Files.write(chain, TestPki.certificatesPem(next.chain()));
            assertTrue(fileCa.reloadIfChanged());
            assertEquals(next.chain(), ca.trustChain());
            assertEquals(List.of(next.chain(), current.chain()), ca.publishedChains());
            X509Certificate leaf = ca.issue(IDENTITY, TestPki.keyPair("P-256").getPublic()).leaf();
            leaf.verify(next.intermediate().getPublicKey(), BouncyCastle.PROVIDER);
        }
    }
}
