package dev.signet.issuance;

import dev.signet.ca.CertificateAuthority;
import dev.signet.ca.IssuedCertificate;
import dev.signet.challenge.KeyProof;
import dev.signet.challenge.ProofVerifier;
import dev.signet.challenge.SigningAlgorithm;
import dev.signet.challenge.VerifiedKey;
import dev.signet.config.SignetConfig;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerPool;
import dev.signet.identity.Principal;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The issuance use case in one place: verify the identity token, check the proof of possession
 * over the principal's name, and have the CA sign. Transport-neutral: REST and gRPC both call it.
 */
@ApplicationScoped
@Startup
public class IssuanceService {
    private static final Logger LOG = Logger.getLogger(IssuanceService.class);

    private final IssuerPool issuers;
    private final ProofVerifier proofVerifier;
    private final CertificateAuthority ca;

    @Inject
    public IssuanceService(IssuerPool issuers, CertificateAuthority ca, SignetConfig config) {
        this.issuers = issuers;
        this.ca = ca;
        this.proofVerifier = new ProofVerifier(allowedAlgorithms(config.clientSigningAlgorithms()));
        LOG.warn("No transparency log is configured in this version: certificates are returned without an SCT "
                + "(detached, empty), as Fulcio does with its CT log disabled");
    }

    /**
     * Issues a certificate for the identity in {@code token} and the key proven by {@code proof}.
     *
     * @throws dev.signet.error.SignetException with the kind of the first check that failed
     */
    public IssuedCertificate issue(String token, KeyProof proof) {
        Principal principal = issuers.authenticate(token);
        VerifiedKey key = proofVerifier.verify(proof, principal.name());
        return ca.issue(principal.embed(), key.publicKey());
    }

    /** The CA chain clients trust: issuing certificate first, root last. */
    public List<X509Certificate> trustChain() {
        return ca.trustChain();
    }

    /** The configured issuers, for the configuration endpoint. */
    public List<Issuer> issuers() {
        return issuers.issuers();
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
