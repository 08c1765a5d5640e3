package dev.signet.api;

import dev.signet.certificate.Pem;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.issuance.IssuanceService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.security.cert.X509Certificate;
import java.util.List;

/** {@code GET /api/v2/trustBundle} and the legacy {@code GET /api/v1/rootCert}. */
@Path("/api")
public class TrustBundleResource {
    private final IssuanceService issuance;

    public TrustBundleResource(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @GET
    @Path("/v2/trustBundle")
    @Produces(MediaType.APPLICATION_JSON)
    public TrustBundle trustBundle() {
        return new TrustBundle(List.of(new SigningCertificate.CertificateChain(pems())));
    }

    /** Every certificate of every chain, concatenated, as Fulcio's v1 answers. */
    @GET
    @Path("/v1/rootCert")
    @Produces(SigningCertResource.PEM_CHAIN)
    public String rootCert() {
        return String.join("", pems());
    }

    private List<String> pems() {
        List<X509Certificate> chain;
        try {
            chain = issuance.trustChain();
        } catch (RuntimeException e) {
            throw new SignetException(ErrorKind.TRUST_BUNDLE, "CA backend could not give its chain", e);
        }
        return chain.stream().map(Pem::certificate).toList();
    }
}
