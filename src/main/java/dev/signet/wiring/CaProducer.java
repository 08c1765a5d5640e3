package dev.signet.wiring;

import dev.signet.ca.AdditionalChainsCa;
import dev.signet.ca.CertificateAuthority;
import dev.signet.ca.SigningCa;
import dev.signet.ca.ephemeral.EphemeralCa;
import dev.signet.ca.file.FileCa;
import dev.signet.ca.kms.KmsCa;
import dev.signet.ca.pkcs11.Pkcs11Ca;
import dev.signet.certificate.LeafProfile;
import dev.signet.config.SignetConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.metrics.SignetMetrics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Creates the configured CA backend once, at startup, so bad CA material stops Signet immediately.
 * The one switch from {@code signet.ca.type} to a backend lives here, above {@code ca}, so that
 * package never imports its own variants.
 */
@ApplicationScoped
public class CaProducer {

    @Inject
    SignetConfig config;

    @Inject
    SignetMetrics metrics;

    @Produces
    @ApplicationScoped
    @Startup
    CertificateAuthority certificateAuthority() {
        // Read first: a bad additional chain must not leave a started backend behind.
        List<List<X509Certificate>> additional =
                AdditionalChainsCa.load(config.ca().additionalChains().orElse(List.of()));
        CertificateAuthority authority = create(config.ca(), config.certificate().validity(),
                config.certificate().leafSubjectKeyIdentifier(), config.dataDir(), Clock.systemUTC());
        if (authority instanceof SigningCa signing) {
            signing.onLintFailure(metrics::lintFailure);
        }
        return AdditionalChainsCa.wrap(authority, additional);
    }

    void close(@Disposes CertificateAuthority authority) {
        if (authority instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Shutdown continues; the resources are a daemon watcher thread, an HSM login or KMS client threads.
            }
        }
    }

    /**
     * The backend {@code ca.type()} names, issuing leaves valid for {@code validity}, with a Subject
     * Key Identifier if {@code subjectKeyIdentifier}.
     */
    public static CertificateAuthority create(SignetConfig.Ca ca, Duration validity, boolean subjectKeyIdentifier,
            Path dataDir, Clock clock) {
        LeafProfile profile = leafProfile(validity, subjectKeyIdentifier, clock);
        return switch (ca.type()) {
            case FILE -> {
                SignetConfig.Ca.FileCa file = ca.file();
                yield FileCa.fromConfig(file.cert(), file.key(), file.password(), file.watch(), file.watchInterval(),
                        dataDir, profile, clock);
            }
            case PKCS11 -> Pkcs11Ca.fromConfig(ca.pkcs11(), profile, clock);
            case KMS -> KmsCa.fromConfig(ca.kms(), profile, clock);
            case EPHEMERAL -> new EphemeralCa(profile, clock);
        };
    }

    private static LeafProfile leafProfile(Duration validity, boolean subjectKeyIdentifier, Clock clock) {
        try {
            return new LeafProfile(validity, clock, new SecureRandom(), subjectKeyIdentifier);
        } catch (IllegalArgumentException e) {
            throw new SignetException(ErrorKind.CA_BACKEND, "Invalid signet.certificate.validity: " + e.getMessage(),
                    e);
        }
    }
}
