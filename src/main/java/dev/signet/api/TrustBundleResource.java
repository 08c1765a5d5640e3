package dev.signet.api;

import dev.signet.ca.CertificateAuthority;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v2/trustBundle} and the legacy {@code GET /api/v1/rootCert}. */
@Path("/api")
public class TrustBundleResource {
    private final CertificateAuthority ca;

    public TrustBundleResource(CertificateAuthority ca) {
        this.ca = ca;
    }

    @GET
    @Path("/v2/trustBundle")
    @Produces(MediaType.APPLICATION_JSON)
    public TrustBundle trustBundle() {
        return TrustBundle.of(ca);
    }

    /** Every certificate of every chain, concatenated, as Fulcio's v1 answers. */
    @GET
    @Path("/v1/rootCert")
    @Produces(SigningCertResource.PEM_CHAIN)
    public String rootCert() {
        return String.join("", TrustBundle.of(ca).chains().stream()
                .flatMap(chain -> chain.certificates().stream()).toList());
    }
}
