package dev.signet.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.ephemeral.EphemeralCa;
import dev.signet.certificate.LeafProfile;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chains published beside the issuing one: loaded, checked, ordered and de-duplicated. */
class AdditionalChainsCaTest {

    @TempDir
    Path dir;

    private Path write(String name, List<X509Certificate> chain) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, TestPki.certificatesPem(chain));
        return file;
    }

    private static String failure(Path file) {
        SignetException e = assertThrows(SignetException.class, () -> AdditionalChainsCa.load(List.of(file)));
        assertEquals(ErrorKind.CA_BACKEND, e.kind());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void publishesTheIssuingChainFirstThenEachConfiguredChainOnce() throws Exception {
        TestPki.TwoLevel older = TestPki.twoLevel("P-256");
        TestPki.TwoLevel next = TestPki.twoLevel("P-384");
        List<List<X509Certificate>> additional = AdditionalChainsCa.load(
                List.of(write("older.pem", older.chain()), write("next.pem", next.chain()),
                        write("again.pem", older.chain())));
        assertEquals(List.of(older.chain(), next.chain(), older.chain()), additional);
        EphemeralCa backend = new EphemeralCa(new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(),
                new SecureRandom()), Clock.systemUTC());
        CertificateAuthority ca = AdditionalChainsCa.wrap(backend, additional);
        assertEquals(List.of(backend.trustChain(), older.chain(), next.chain()), ca.publishedChains());
        assertEquals(backend.trustChain(), ca.trustChain());
        assertSame(backend, AdditionalChainsCa.wrap(backend, List.of()), "nothing to add: the backend itself");
        assertEquals(List.of(backend.trustChain()), backend.publishedChains());
    }

    @Test
    void anExpiredRetiredChainIsStillPublished() throws Exception {
        KeyPair rootKeys = TestPki.keyPair("P-256");
        Instant past = Instant.now().minus(Duration.ofDays(400));
        X509Certificate root = TestPki.cert("Old Root", rootKeys.getPublic()).selfSigned(rootKeys.getPrivate())
                .codeSigning(false).validity(past, past.plus(Duration.ofDays(300))).build();
        KeyPair keys = TestPki.keyPair("P-256");
        X509Certificate intermediate = TestPki.cert("Old Intermediate", keys.getPublic())
                .issuedBy(root, rootKeys.getPrivate()).pathLength(0).validity(past, past.plus(Duration.ofDays(200)))
                .build();
        assertEquals(List.of(List.of(intermediate, root)),
                AdditionalChainsCa.load(List.of(write("old.pem", List.of(intermediate, root)))));
    }

    @Test
    void refusesChainsThatAreNotCaChains() throws Exception {
        TestPki.TwoLevel pki = TestPki.twoLevel("P-256");
        TestPki.TwoLevel other = TestPki.twoLevel("P-256");
        assertTrue(failure(write("reversed.pem", List.of(pki.root(), pki.intermediate()))).contains("names issuer"));
        // Same issuer name (both roots are "Test Root"), another key: only the signature tells.
        assertTrue(failure(write("mixed.pem", List.of(pki.intermediate(), other.root()))).contains("not signed"));
        assertTrue(failure(write("no-root.pem", List.of(pki.intermediate()))).contains("self-signed"));
        KeyPair keys = TestPki.keyPair("P-256");
        X509Certificate leafish =
                TestPki.cert("Leafish", keys.getPublic()).issuedBy(pki.root(), pki.rootKeys().getPrivate())
                        .ca(false).build();
        assertTrue(failure(write("leaf.pem", List.of(leafish, pki.root()))).contains("not a CA"));
        X509Certificate noEku =
                TestPki.cert("No EKU", keys.getPublic()).issuedBy(pki.root(), pki.rootKeys().getPrivate())
                        .pathLength(0).codeSigning(false).build();
        assertTrue(failure(write("no-eku.pem", List.of(noEku, pki.root()))).contains("codeSigning"));
    }

    @Test
    void refusesGarbageMissingAndOversizedFiles() throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        assertTrue(failure(garbage).contains("not valid PEM"));
        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "");
        assertTrue(failure(empty).contains("not valid PEM"));
        assertTrue(failure(dir.resolve("missing.pem")).contains("cannot be read"));
        Path huge = dir.resolve("huge.pem");
        Files.write(huge, "A".repeat(300 * 1024).getBytes(StandardCharsets.US_ASCII));
        assertTrue(failure(huge).contains("larger than"));
    }
}
