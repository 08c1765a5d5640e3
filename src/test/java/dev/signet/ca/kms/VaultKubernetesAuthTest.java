package dev.signet.ca.kms;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.TestPki;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.codec.BouncyCastle;
import dev.signet.config.SignetConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vault's Kubernetes auth method: login with the service account token, renewal, rotation, refusals. */
class VaultKubernetesAuthTest {

    private static final CertificateIdentity IDENTITY = new CertificateIdentity(
            SubjectAltName.email("alice@example.com"), Map.of(SigstoreOid.ISSUER_V2, "https://issuer.example.com"));

    @TempDir
    Path temp;

    @Test
    void logsInThenSigns() throws Exception {
        try (VaultTransitServer vault = new VaultTransitServer("P-256");
                KmsCa ca = open(vault, VaultTransitServer.ROLE)) {
            issue(ca, vault);
            assertEquals(1, vault.logins.get());
            assertEquals(0, vault.unauthenticated.get(), "the login's token was sent, not another");
        }
    }

    @Test
    void logsInAgainBeforeTheLeaseEnds() throws Exception {
        try (VaultTransitServer vault = new VaultTransitServer("P-256")) {
            vault.leaseSeconds = 3;
            try (KmsCa ca = open(vault, VaultTransitServer.ROLE)) {
                issue(ca, vault);
                assertEquals(1, vault.logins.get());
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    issue(ca, vault);
                    assertTrue(vault.logins.get() >= 2, "logged in again");
                });
                // Renewed at two thirds of the lease: Vault never saw an expired token.
                assertEquals(0, vault.unauthenticated.get());
            }
        }
    }

    @Test
    void aWrongRoleFailsTheStartClearly() throws Exception {
        try (VaultTransitServer vault = new VaultTransitServer("P-256")) {
            SignetException refused = assertThrows(SignetException.class, () -> open(vault, "nobody").close());
            assertEquals(ErrorKind.CA_BACKEND, refused.kind());
            assertTrue(refused.getMessage().contains("Vault Kubernetes login (role nobody at auth/kubernetes) "
                    + "failed: HTTP 400 (invalid role name \"nobody\")"), refused.getMessage());
            assertFalse(refused.getMessage().contains(vault.acceptedJwt), "the JWT is never shown");
        }
    }

    @Test
    void aRotatedServiceAccountTokenIsReadAtTheNextLogin() throws Exception {
        try (VaultTransitServer vault = new VaultTransitServer("P-256");
                KmsCa ca = open(vault, VaultTransitServer.ROLE)) {
            issue(ca, vault);
            String rotated = "eyJhbGciOiJSUzI1NiJ9.service-account-2.sig";
            vault.acceptedJwt = rotated;
            vault.revokeLogins();

            // Vault refuses the old JWT: the call fails, naming the login, never the JWT.
            SignetException refused = assertThrows(SignetException.class,
                    () -> ca.issue(IDENTITY, TestPki.keyPair("P-256").getPublic()));
            assertEquals(ErrorKind.CA_BACKEND, refused.kind());
            assertTrue(refused.getMessage().contains("HTTP 403 (permission denied)"), refused.getMessage());
            assertFalse(refused.getMessage().contains("eyJ"), "no JWT in messages");
            assertFalse(ca.signingStatus().canSign(), "readiness is DOWN while the login fails");

            // Kubernetes writes the rotated token: the next call logs in with it and signing recovers.
            Files.writeString(temp.resolve("token"), rotated);
            issue(ca, vault);
            assertTrue(ca.signingStatus().canSign());
            assertEquals(2, vault.logins.get());
        }
    }

    @Test
    void aRoleBesideAVaultTokenIsRefusedAtStart() throws Exception {
        try (VaultTransitServer vault = new VaultTransitServer("P-256")) {
            Path chain = vault.chainFile(temp);
            SignetException withFile = assertThrows(SignetException.class, () -> KmsSettings.fromConfig(
                    new Kms(vault.reference(), chain, Optional.of(temp.resolve("vault-token")), "signet"),
                    Map.of("VAULT_ADDR", vault.url())::get));
            assertEquals(ErrorKind.CA_BACKEND, withFile.kind());
            assertTrue(withFile.getMessage().contains("signet.ca.kms.vault-kubernetes-role and "
                    + "signet.ca.kms.vault-token-file are both set"), withFile.getMessage());

            SignetException withEnvironment = assertThrows(SignetException.class, () -> KmsSettings.fromConfig(
                    new Kms(vault.reference(), chain, Optional.empty(), "signet"),
                    Map.of("VAULT_ADDR", vault.url(), "VAULT_TOKEN", "hvs.x")::get));
            assertTrue(withEnvironment.getMessage().contains(
                    "signet.ca.kms.vault-kubernetes-role and VAULT_TOKEN are both set"), withEnvironment.getMessage());

            KmsSettings settings = KmsSettings.fromConfig(new Kms(vault.reference(), chain, Optional.empty(),
                    "signet"), Map.of("VAULT_ADDR", vault.url())::get);
            assertEquals(Optional.of(new KmsSettings.VaultKubernetes("signet", "kubernetes",
                    Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"))), settings.vaultKubernetes());
        }
    }

    private KmsCa open(VaultTransitServer vault, String role) throws Exception {
        Path jwt = temp.resolve("token");
        if (!Files.exists(jwt)) {
            Files.writeString(jwt, vault.acceptedJwt + "\n");
        }
        Map<String, String> environment = new HashMap<>(Map.of("VAULT_ADDR", vault.url()));
        KmsSettings settings = new KmsSettings(KmsKeyReference.parse(vault.reference()),
                Optional.of(vault.chainFile(temp)), Duration.ofSeconds(10), 4, Optional.empty(), Optional.empty(),
                Optional.empty(), "transit", environment::get,
                Optional.of(new KmsSettings.VaultKubernetes(role, "kubernetes", jwt)));
        return KmsCa.open(settings, new LeafProfile(Duration.ofMinutes(10), Clock.systemUTC(), new SecureRandom()),
                Clock.systemUTC());
    }

    private static void issue(KmsCa ca, VaultTransitServer vault) throws Exception {
        ca.issue(IDENTITY, TestPki.keyPair("P-256").getPublic()).leaf().verify(vault.publicKey(),
                BouncyCastle.PROVIDER);
    }

    /** The kms settings as SmallRye Config gives them, with the defaults of SignetConfig. */
    private record Kms(String reference, Path chain, Optional<Path> tokenFile, String role)
            implements
                SignetConfig.Ca.Kms {
        @Override
        public Optional<String> key() {
            return Optional.of(reference);
        }

        @Override
        public Optional<Path> certChain() {
            return Optional.of(chain);
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public int maxInFlight() {
            return 64;
        }

        @Override
        public Optional<String> endpoint() {
            return Optional.empty();
        }

        @Override
        public Optional<String> awsRegion() {
            return Optional.empty();
        }

        @Override
        public Optional<Path> vaultTokenFile() {
            return tokenFile;
        }

        @Override
        public Optional<String> vaultTransitPath() {
            return Optional.empty();
        }

        @Override
        public Optional<String> vaultKubernetesRole() {
            return Optional.of(role);
        }

        @Override
        public String vaultKubernetesMount() {
            return "kubernetes";
        }

        @Override
        public Path vaultKubernetesTokenFile() {
            return Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
        }
    }
}
