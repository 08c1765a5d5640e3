package dev.signet.api;

import dev.signet.ca.CertificateAuthority;
import dev.signet.codec.Pem;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The v2 {@code TrustBundle}: each chain is intermediates then root, full PEM with trailing newline.
 *
 * @param chains the CA chains
 */
public record TrustBundle(List<SigningCertificate.CertificateChain> chains) {

    /** The bundle every transport answers with: every published chain, the issuing one first. */
    public static TrustBundle of(CertificateAuthority ca) {
        List<List<X509Certificate>> chains;
        try {
            chains = ca.publishedChains();
        } catch (RuntimeException e) {
            throw new SignetException(ErrorKind.TRUST_BUNDLE, "CA backend could not give its chains", e);
        }
        return new TrustBundle(chains.stream()
                .map(chain -> new SigningCertificate.CertificateChain(chain.stream().map(Pem::certificate).toList()))
                .toList());
    }
}
