package dev.signet.api;

import dev.signet.ca.IssuedCertificate;
import dev.signet.certificate.Pem;
import dev.signet.challenge.CertificateRequest;
import dev.signet.challenge.KeyProof;
import dev.signet.challenge.SignedChallenge;
import dev.signet.error.ErrorKind;
import dev.signet.ctlog.AddChainResponse;
import dev.signet.error.SignetException;
import dev.signet.issuance.Issuance;
import dev.signet.issuance.IssuanceService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** {@code POST /api/v2/signingCert} and the legacy {@code POST /api/v1/signingCert}. */
@Path("/api")
public class SigningCertResource {
    /** Media type of Fulcio's v1 certificate chain responses. */
    static final String PEM_CHAIN = "application/pem-certificate-chain";

    private final IssuanceService issuance;

    public SigningCertResource(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @POST
    @Path("/v2/signingCert")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public SigningCertificate signingCertV2(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CreateSigningCertificateRequest request = RequestBodies.read(body, CreateSigningCertificateRequest.class);
        String token = request.credentials() == null ? null : request.credentials().oidcIdentityToken();
        if (RequestBodies.isEmpty(token)) {
            token = BearerToken.from(authorization);
        }
        Issuance issued = issuance.issue(token, v2Proof(request));
        SigningCertificate.CertificateChain chain = new SigningCertificate.CertificateChain(pemChain(issued.certificate()));
        if (issued.sctEmbedded()) {
            return new SigningCertificate(null, new SigningCertificate.EmbeddedSct(chain));
        }
        return new SigningCertificate(new SigningCertificate.DetachedSct(chain, detachedSct(issued).orElse("")), null);
    }

    @POST
    @Path("/v1/signingCert")
    @Consumes(MediaType.WILDCARD)
    @Produces({PEM_CHAIN, MediaType.APPLICATION_JSON})
    public Response signingCertV1(byte[] body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        LegacySigningCertificateRequest request = RequestBodies.read(body, LegacySigningCertificateRequest.class);
        Issuance issued = issuance.issue(BearerToken.from(authorization), v1Proof(request));
        Response.ResponseBuilder response = Response.status(Response.Status.CREATED)
                .type(PEM_CHAIN)
                .entity(String.join("\n", pemChain(issued.certificate())));
        detachedSct(issued).ifPresent(sct -> response.header("SCT", sct));
        return response.build();
    }

    /** A detached SCT as Fulcio returns it: base64 of the RFC 6962 AddChainResponse JSON. */
    private static Optional<String> detachedSct(Issuance issued) {
        return issued.detachedSct().map(sct -> Base64.getEncoder().encodeToString(AddChainResponse.encode(sct)));
    }

    /** The CSR wins when both are present, as in Fulcio. */
    private static KeyProof v2Proof(CreateSigningCertificateRequest request) {
        if (!RequestBodies.isEmpty(request.certificateSigningRequest())) {
            return new CertificateRequest(RequestBodies.base64(
                    request.certificateSigningRequest(), ErrorKind.INVALID_CSR, "certificateSigningRequest"));
        }
        CreateSigningCertificateRequest.PublicKeyRequest keyRequest = request.publicKeyRequest();
        if (keyRequest == null || keyRequest.publicKey() == null
                || RequestBodies.isEmpty(keyRequest.publicKey().content())) {
            throw new SignetException(ErrorKind.INVALID_PUBLIC_KEY, "public key not provided");
        }
        byte[] signature = RequestBodies.isEmpty(keyRequest.proofOfPossession()) ? new byte[0]
                : RequestBodies.base64(keyRequest.proofOfPossession(), ErrorKind.INVALID_SIGNATURE, "proofOfPossession");
        return new SignedChallenge(keyRequest.publicKey().content().getBytes(StandardCharsets.UTF_8), signature);
    }

    private static KeyProof v1Proof(LegacySigningCertificateRequest request) {
        if (!RequestBodies.isEmpty(request.certificateSigningRequest())) {
            return new CertificateRequest(RequestBodies.base64(
                    request.certificateSigningRequest(), ErrorKind.INVALID_CSR, "certificateSigningRequest"));
        }
        if (request.publicKey() == null || RequestBodies.isEmpty(request.publicKey().content())) {
            throw new SignetException(ErrorKind.INVALID_PUBLIC_KEY, "public key not provided");
        }
        byte[] key = RequestBodies.base64(request.publicKey().content(), ErrorKind.INVALID_PUBLIC_KEY, "publicKey.content");
        byte[] signature = RequestBodies.isEmpty(request.signedEmailAddress()) ? new byte[0]
                : RequestBodies.base64(request.signedEmailAddress(), ErrorKind.INVALID_SIGNATURE, "signedEmailAddress");
        return new SignedChallenge(key, signature);
    }

    /** Leaf then CA chain; each PEM without its trailing newline, as Fulcio's signingCert answers. */
    private static List<String> pemChain(IssuedCertificate issued) {
        List<String> pems = new ArrayList<>();
        pems.add(Pem.certificate(issued.leaf()).strip());
        for (X509Certificate ca : issued.chain()) {
            pems.add(Pem.certificate(ca).strip());
        }
        return pems;
    }
}
