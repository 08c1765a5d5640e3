package dev.signet.ca.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.TestPki;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.codec.BouncyCastle;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Vault token from a file (as Vault Agent writes it): read again when Vault answers 403. */
class VaultTokenFileTest {

    @TempDir
    Path temp;

    @Test
    void aRenewedTokenInTheFileIsPickedUpAfterA403() throws Exception {
        try (VaultTransitServer vault = new VaultTransitServer("P-256")) {
            Path tokenFile = temp.resolve("token");
            Files.writeString(tokenFile, VaultTransitServer.TOKEN + "\n");
            KmsSettings settings = new KmsSettings(KmsKeyReference.parse(vault.reference()),
                    Optional.of(vault.chainFile(temp)), Duration.ofSeconds(10), 4, Optional.empty(), Optional.empty(),
                    Optional.of(tokenFile), "transit", Map.of("VAULT_ADDR", vault.url())::get);
            CertificateIdentity identity = new CertificateIdentity(SubjectAltName.email("alice@example.com"),
                    Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com"));
            try (KmsCa ca = KmsCa.open(settings, new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(),
                    new SecureRandom()), Clock.systemUTC())) {
                vault.acceptedToken = "hvs.renewed";
                SignetException refused = assertThrows(SignetException.class,
                        () -> ca.issue(identity, TestPki.keyPair("P-256").getPublic()));
                assertEquals(ErrorKind.CA_BACKEND, refused.kind());
                assertTrue(refused.getMessage().contains("HTTP 403 (permission denied)"), refused.getMessage());
                assertTrue(!refused.getMessage().contains(VaultTransitServer.TOKEN), "the token is never shown");

                Files.writeString(tokenFile, "hvs.renewed\n");
                ca.issue(identity, TestPki.keyPair("P-256").getPublic()).leaf()
                        .verify(vault.publicKey(), BouncyCastle.PROVIDER);
                assertTrue(ca.signingStatus().canSign());
            }
        }
    }
}
