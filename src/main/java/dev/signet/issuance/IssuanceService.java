package dev.signet.issuance;

import dev.signet.ca.CertificateAuthority;
import dev.signet.ca.IssuedCertificate;
import dev.signet.ca.Precertificate;
import dev.signet.certificate.CertificateIdentity;
import dev.signet.challenge.KeyProof;
import dev.signet.challenge.ProofVerifier;
import dev.signet.challenge.SigningAlgorithm;
import dev.signet.challenge.VerifiedKey;
import dev.signet.config.SignetConfig;
import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.CtLog;
import dev.signet.ctlog.LogIdentity;
import dev.signet.ctlog.SignedCertificateTimestamp;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerPool;
import dev.signet.identity.MetaIssuer;
import dev.signet.identity.Principal;
import dev.signet.ratelimit.RateLimits;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The issuance use case in one place: verify the identity token, check the proof of possession
 * over the principal's name, have the CA sign a precertificate, log it, and finish the certificate
 * with the log's SCT. Transport-neutral: REST and gRPC both call it.
 */
@ApplicationScoped
@Startup
public class IssuanceService {
    private final IssuerPool issuers;
    private final ProofVerifier proofVerifier;
    private final CertificateAuthority ca;
    private final ConfiguredLog logs;
    @Inject
    RateLimits rateLimits;

    @Inject
    public IssuanceService(IssuerPool issuers, CertificateAuthority ca, ConfiguredLog logs, SignetConfig config) {
        this.issuers = issuers;
        this.ca = ca;
        this.logs = logs;
        this.proofVerifier = new ProofVerifier(allowedAlgorithms(config.clientSigningAlgorithms()));
    }

    /**
     * Issues a certificate for the identity in {@code token} and the key proven by {@code proof}.
     * With a log configured, nothing is returned unless the log has the entry: no SCT, no certificate.
     *
     * @throws SignetException with the kind of the first check that failed
     */
    public Issuance issue(String token, KeyProof proof) {
        Principal principal = issuers.authenticate(token);
        rateLimits.checkIdentity(principal);
        VerifiedKey key = proofVerifier.verifyAny(proof, principal.challenges());
        CertificateIdentity identity = principal.embed();
        Optional<CtLog> log = logs.log();
        if (log.isEmpty()) {
            return Issuance.unlogged(ca.issue(identity, key.publicKey()));
        }
        if (logs.detachedSct()) {
            IssuedCertificate certificate = ca.issue(identity, key.publicKey());
            List<X509Certificate> chain = new ArrayList<>(List.of(certificate.leaf()));
            chain.addAll(certificate.chain());
            return Issuance.detached(certificate, submit(() -> log.get().addChain(der(chain))));
        }
        Precertificate precertificate = ca.precertificate(identity, key.publicKey());
        SignedCertificateTimestamp sct = submit(() -> log.get().addPreChain(der(precertificate.submissionChain())));
        return Issuance.embedded(ca.finish(precertificate, SignedCertificateTimestamp.listExtensionValue(List.of(sct))));
    }

    /**
     * Submits to the log. A busy log stays a 503 (the client retries); anything else, including
     * the log refusing our own chain, is a server failure: no certificate leaves without its entry.
     */
    private static SignedCertificateTimestamp submit(Supplier<SignedCertificateTimestamp> submission) {
        try {
            return submission.get();
        } catch (SignetException e) {
            if (e.kind() == ErrorKind.LOG_BUSY || e.kind() == ErrorKind.CT_LOG) {
                throw e;
            }
            throw new SignetException(ErrorKind.CT_LOG, "log refused the submission: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SignetException(ErrorKind.CT_LOG, "log submission failed", e);
        }
    }

    private static List<byte[]> der(List<X509Certificate> chain) {
        List<byte[]> encoded = new ArrayList<>(chain.size());
        for (X509Certificate certificate : chain) {
            try {
                encoded.add(certificate.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new SignetException(ErrorKind.CA_BACKEND, "certificate cannot be encoded", e);
            }
        }
        return encoded;
    }

    /** The CA chain clients trust: issuing certificate first, root last. */
    public List<X509Certificate> trustChain() {
        return ca.trustChain();
    }

    /** Every published CA chain, the issuing one first (see {@link CertificateAuthority#publishedChains()}). */
    public List<List<X509Certificate>> publishedChains() {
        return ca.publishedChains();
    }

    /** The key and ID of the log certificates go to, if any. */
    public Optional<LogIdentity> logIdentity() {
        return logs.log().map(CtLog::identity);
    }

    /** The URL of a remote log; empty for the embedded log (served by Signet itself) or none. */
    public Optional<String> logUrl() {
        return logs.remoteUrl();
    }

    /** The configured issuers, for the configuration endpoint. */
    public List<Issuer> issuers() {
        return issuers.issuers();
    }

    /** The configured meta issuer patterns, for the configuration endpoint. */
    public List<MetaIssuer> metaIssuers() {
        return issuers.metaIssuers();
    }

    private static Set<SigningAlgorithm> allowedAlgorithms(List<String> names) {
        Set<SigningAlgorithm> allowed = EnumSet.noneOf(SigningAlgorithm.class);
        for (String name : names) {
            allowed.add(SigningAlgorithm.fromConfigName(name.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "signet.client-signing-algorithms: unknown algorithm " + name)));
        }
        return allowed;
    }
}
