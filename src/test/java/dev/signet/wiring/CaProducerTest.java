package dev.signet.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ca.CertificateAuthority;
import dev.signet.ca.SigningCa;
import dev.signet.ca.ephemeral.EphemeralCa;
import dev.signet.ca.file.FileCa;
import dev.signet.ca.pkcs11.Pkcs11Ca;
import dev.signet.ca.pkcs11.Pkcs11Config;
import dev.signet.config.CaType;
import dev.signet.testing.SoftHsmExtension;
import dev.signet.config.SignetConfig;
import dev.signet.error.SignetException;
import dev.signet.testing.SoftHsm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

class CaProducerTest {

    @TempDir
    Path dataDir;

    private static SignetConfig.Ca config(CaType type) {
        return config(type, Pkcs11Config.empty());
    }

    private static SignetConfig.Ca config(CaType type, SignetConfig.Ca.Pkcs11 pkcs11) {
        SignetConfig.Ca.FileCa file = new SignetConfig.Ca.FileCa() {
            @Override
            public Optional<Path> cert() {
                return Optional.empty();
            }

            @Override
            public Optional<Path> key() {
                return Optional.empty();
            }

            @Override
            public Optional<String> password() {
                return Optional.empty();
            }

            @Override
            public boolean watch() {
                return true;
            }

            @Override
            public Duration watchInterval() {
                return Duration.ofSeconds(5);
            }
        };
        return new SignetConfig.Ca() {
            @Override
            public CaType type() {
                return type;
            }

            @Override
            public FileCa file() {
                return file;
            }

            @Override
            public Optional<List<Path>> additionalChains() {
                return Optional.empty();
            }

            @Override
            public Duration healthCheckInterval() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Pkcs11 pkcs11() {
                return pkcs11;
            }

            @Override
            public Kms kms() {
                throw new UnsupportedOperationException("no kms CA in this test");
            }
        };
    }

    @Test
    void ephemeralTypeGivesTheEphemeralCa() {
        CertificateAuthority ca = CaProducer.create(config(CaType.EPHEMERAL), Duration.ofMinutes(10), true, dataDir,
                Clock.systemUTC());
        assertInstanceOf(EphemeralCa.class, ca);
        assertEquals(Duration.ofMinutes(10), ((SigningCa) ca).profile().validity());
    }

    @Test
    void theSubjectKeyIdentifierSettingReachesTheLeafProfile() {
        for (boolean subjectKeyIdentifier : new boolean[] {true, false}) {
            CertificateAuthority ca = CaProducer.create(config(CaType.EPHEMERAL), Duration.ofMinutes(10),
                    subjectKeyIdentifier, dataDir, Clock.systemUTC());
            assertEquals(subjectKeyIdentifier, ((SigningCa) ca).profile().writesSubjectKeyIdentifier());
        }
    }

    @Test
    void fileTypeWithNothingConfiguredGeneratesUnderTheDataDirectory() throws Exception {
        CertificateAuthority ca =
                CaProducer.create(config(CaType.FILE), Duration.ofMinutes(5), true, dataDir, Clock.systemUTC());
        try {
            assertInstanceOf(FileCa.class, ca);
            assertEquals(2, ca.trustChain().size());
            assertTrue(Files.exists(dataDir.resolve("ca/chain.pem")));
        } finally {
            new CaProducer().close(ca);
        }
    }

    @Test
    void validityOverOneDayStopsStartupNamingTheProperty() {
        SignetException e = assertThrows(SignetException.class, () -> CaProducer.create(config(CaType.EPHEMERAL),
                Duration.ofHours(25), true, dataDir, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("signet.certificate.validity"), e.getMessage());
        assertThrows(SignetException.class,
                () -> CaProducer.create(config(CaType.EPHEMERAL), Duration.ZERO, true, dataDir,
                        Clock.systemUTC()));
    }

    @Test
    void pkcs11TypeWithNothingConfiguredStopsStartupNamingEveryMissingProperty() {
        SignetException e = assertThrows(SignetException.class, () -> CaProducer.create(config(CaType.PKCS11),
                Duration.ofMinutes(10), true, dataDir, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("signet.ca.pkcs11.config is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("signet.ca.pkcs11.key-alias is not set"), e.getMessage());
        assertTrue(e.getMessage().contains("exactly one of signet.ca.pkcs11.pin-env and signet.ca.pkcs11.pin-file"),
                e.getMessage());
    }

    @Test
    @ExtendWith(SoftHsmExtension.class)
    void pkcs11TypeGivesThePkcs11Ca(SoftHsm.Token token) throws Exception {
        token.generateCaKey("producer-ca", "secp256r1");
        Path pin = dataDir.resolve("pin");
        Files.writeString(pin, SoftHsm.PIN + "\n");
        CertificateAuthority ca = CaProducer.create(config(CaType.PKCS11,
                Pkcs11Config.of(token.providerConfig(), "producer-ca", pin)), Duration.ofMinutes(10), true, dataDir,
                Clock.systemUTC());
        try {
            assertInstanceOf(Pkcs11Ca.class, ca);
            assertEquals("CN=producer-ca", ca.trustChain().get(0).getSubjectX500Principal().getName());
        } finally {
            new CaProducer().close(ca);
        }
    }
}
