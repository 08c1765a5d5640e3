package dev.signet.ca.kms;

import dev.signet.ca.AsyncSigner;
import dev.signet.ca.CaChainFile;
import dev.signet.ca.CaMaterial;
import dev.signet.ca.CaMaterialCheck;
import dev.signet.ca.CaSignatureAlgorithm;
import dev.signet.ca.IssuedCertificate;
import dev.signet.ca.Precertificate;
import dev.signet.ca.SigningCa;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.LeafProfile;
import dev.signet.config.SignetConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * A CA whose key stays in a cloud KMS: every CA signature is a KMS call made through
 * {@link KmsProvider}, verified with the key's public key before it is used. The chain comes
 * from a file and must hold the KMS key's public key, which is checked at startup. A KMS outage
 * fails issuance with CA_BACKEND and turns readiness DOWN (the base class's signing status); the
 * next signature that works, real or the readiness probe's, turns it UP again: there is no
 * connection state to rebuild, each call stands alone.
 */
public final class KmsCa extends SigningCa implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KmsCa.class);

    private final KmsKey key;

    private KmsCa(LeafProfile profile, CaMaterial material, KmsKey key) {
        super(profile, material);
        this.key = key;
    }

    /** The kms CA of its configuration properties and the process environment. */
    public static KmsCa fromConfig(SignetConfig.Ca.Kms config, LeafProfile profile, Clock clock) {
        return open(KmsSettings.fromConfig(config, System::getenv), profile, clock);
    }

    /**
     * Connects to the KMS, reads the chain and checks that they belong together.
     *
     * @throws SignetException {@code CA_BACKEND} naming the step that failed
     */
    public static KmsCa open(KmsSettings settings, LeafProfile profile, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Path chainFile = settings.certChain().orElseThrow(() -> new SignetException(ErrorKind.CA_BACKEND,
                "signet.ca.kms.cert-chain is required for signet.ca.type=kms"));
        List<X509Certificate> chain = CaChainFile.read(chainFile, "signet.ca.kms.cert-chain");
        KmsKey key = connect(settings);
        try {
            KmsSigningKey signingKey = signingKey(key, chain.get(0), settings);
            CaMaterial material = CaMaterialCheck.check(signingKey, KmsProvider.INSTANCE, chain, clock.instant(),
                    key.reference() + " and " + chainFile);
            LOG.infof("KMS CA uses %s: issuing certificate %s, chain of %d, %s", key.reference(),
                    material.issuingCertificate().getSubjectX500Principal(), chain.size(), signingKey.algorithm());
            return new KmsCa(profile, material, key);
        } catch (RuntimeException e) {
            key.close();
            throw e;
        }
    }

    /** The client of the service the reference names, from that service's {@link KmsConnector}. */
    public static KmsKey connect(KmsSettings settings) {
        try {
            return KmsConnectors.forService(settings.reference().service()).connect(settings);
        } catch (KmsException e) {
            throw new SignetException(ErrorKind.CA_BACKEND, "signet.ca.kms.key: " + e.getMessage(), e);
        }
    }

    /**
     * The signing handle of {@code key} for {@code certificate}: the KMS's public key must be the
     * certificate's, and the key must be able to sign with the algorithm the certificate's key
     * type requires.
     *
     * @throws SignetException {@code CA_BACKEND} naming the key and the certificate
     */
    public static KmsSigningKey signingKey(KmsKey key, X509Certificate certificate, KmsSettings settings) {
        KmsKey.Description description = describe(key, settings);
        String subject = "certificate " + certificate.getSubjectX500Principal();
        if (!Arrays.equals(description.publicKey().getEncoded(), certificate.getPublicKey().getEncoded())) {
            throw new SignetException(ErrorKind.CA_BACKEND, "the public key of KMS key " + key.reference() + " ("
                    + description.keyType() + ") is not the public key of " + subject);
        }
        return signingKey(key, description, subject, settings);
    }

    /**
     * The signing handle of {@code key} with the algorithm its own key type calls for (the
     * {@code ca} tool's, before any certificate exists).
     *
     * @throws SignetException {@code CA_BACKEND} when the key cannot sign certificates
     */
    public static KmsSigningKey signingKey(KmsKey key, KmsSettings settings) {
        return signingKey(key, describe(key, settings), "its key type", settings);
    }

    private static KmsSigningKey signingKey(KmsKey key, KmsKey.Description description, String needer,
            KmsSettings settings) {
        CaSignatureAlgorithm needed;
        try {
            needed = CaSignatureAlgorithm.forKey(description.publicKey());
        } catch (IllegalArgumentException e) {
            throw new SignetException(ErrorKind.CA_BACKEND, "KMS key " + key.reference() + ": " + e.getMessage(), e);
        }
        if (!KmsProvider.supports(needed) || !description.algorithms().contains(needed)) {
            throw new SignetException(ErrorKind.CA_BACKEND, "KMS key " + key.reference() + " ("
                    + description.keyType() + ", signs " + description.algorithms() + ") cannot sign "
                    + needed.jcaName() + ", which " + needer + " needs");
        }
        return new KmsSigningKey(key, description.publicKey(), needed, settings.timeout(), settings.maxInFlight());
    }

    private static KmsKey.Description describe(KmsKey key, KmsSettings settings) {
        try {
            return key.describe().toCompletableFuture().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SignetException(ErrorKind.CA_BACKEND, "KMS key " + key.reference() + " did not answer within "
                    + settings.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignetException(ErrorKind.CA_BACKEND, "interrupted while reading KMS key " + key.reference(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new SignetException(ErrorKind.CA_BACKEND, "KMS key " + key.reference() + " cannot be read: "
                    + cause.getMessage(), cause);
        }
    }

    /** Lint as ever, then the KMS signs; no thread waits for its answer. */
    @Override
    public CompletionStage<IssuedCertificate> issueAsync(CertificateIdentity identity, PublicKey subjectKey) {
        return issueAsync(identity, subjectKey, KmsCa::asyncSigner);
    }

    @Override
    public CompletionStage<Precertificate> precertificateAsync(CertificateIdentity identity, PublicKey subjectKey) {
        return precertificateAsync(identity, subjectKey, KmsCa::asyncSigner);
    }

    @Override
    public CompletionStage<IssuedCertificate> finishAsync(Precertificate precertificate, byte[] sctList) {
        return finishAsync(precertificate, sctList, KmsCa::asyncSigner);
    }

    private static AsyncSigner asyncSigner(CaMaterial material) {
        return (KmsSigningKey) material.signingKey();
    }

    /** Signatures outstanding at the KMS now. */
    public int inFlight() {
        return ((KmsSigningKey) material().signingKey()).inFlight();
    }

    @Override
    public void close() {
        key.close();
    }
}
