package dev.signet.api;

import dev.signet.challenge.KeyProof;
import dev.signet.error.ErrorKind;
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
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@code POST /api/v2/signingCert} and the legacy {@code POST /api/v1/signingCert}. */
@Path("/api")
public class SigningCertResource {
    /** Media type of Fulcio's v1 certificate chain responses. */
    static final String PEM_CHAIN = "application/pem-certificate-chain";

    private final IssuanceService issuance;

    public SigningCertResource(IssuanceService issuance) {
        this.issuance = issuance;
    }

    /**
     * Runs on the event loop only to read the request: the token, proof and signatures run on the
     * issuance's own pools (see {@link IssuanceService#issueAsync}), and the answer is written when
     * the certificate is finished.
     */
    @POST
    @Path("/v2/signingCert")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<byte[]> signingCertV2(byte[] body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        CreateSigningCertificateRequest request = RequestBodies.read(body, CreateSigningCertificateRequest.class);
        String token = SigningCertificates.token(
                request.credentials() == null ? null : request.credentials().oidcIdentityToken(), authorization);
        // The JSON of SigningCertificate, written without Jackson (see SigningCertificates.v2Json).
        return issuance.issueAsync(token, v2Proof(request)).thenApply(issued -> SigningCertificates.v2Json(
                issued.certificate(), issued.sctEmbedded() ? null : detachedSct(issued).orElse("")));
    }

    /** As {@link #signingCertV2}: the event loop reads the request, the issuance's pools do the rest. */
    @POST
    @Path("/v1/signingCert")
    @Consumes(MediaType.WILDCARD)
    @Produces({PEM_CHAIN, MediaType.APPLICATION_JSON})
    public CompletionStage<Response> signingCertV1(byte[] body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        LegacySigningCertificateRequest request = RequestBodies.read(body, LegacySigningCertificateRequest.class);
        return issuance.issueAsync(BearerToken.from(authorization), v1Proof(request)).thenApply(issued -> {
            Response.ResponseBuilder response = Response.status(Response.Status.CREATED)
                    .type(PEM_CHAIN)
                    .entity(SigningCertificates.joinedPemChain(issued.certificate()));
            detachedSct(issued).ifPresent(sct -> response.header("SCT", sct));
            return response.build();
        });
    }

    /** A detached SCT as Fulcio returns it: base64 of the RFC 6962 AddChainResponse JSON. */
    private static Optional<String> detachedSct(Issuance issued) {
        return SigningCertificates.detachedSctJson(issued).map(Base64.getEncoder()::encodeToString);
    }

    /** Decodes the base64 {@code bytes} fields; the CSR wins when both are present, as in Fulcio. */
    private static KeyProof v2Proof(CreateSigningCertificateRequest request) {
        byte[] csr = decode(request.certificateSigningRequest(), ErrorKind.INVALID_CSR, "certificateSigningRequest");
        if (csr != null) {
            return SigningCertificates.v2Proof(csr, null, null);
        }
        CreateSigningCertificateRequest.PublicKeyRequest keyRequest = request.publicKeyRequest();
        if (keyRequest == null || keyRequest.publicKey() == null) {
            return SigningCertificates.v2Proof(null, null, null);
        }
        return SigningCertificates.v2Proof(null, keyRequest.publicKey().content(),
                decode(keyRequest.proofOfPossession(), ErrorKind.INVALID_SIGNATURE, "proofOfPossession"));
    }

    private static KeyProof v1Proof(LegacySigningCertificateRequest request) {
        byte[] csr = decode(request.certificateSigningRequest(), ErrorKind.INVALID_CSR, "certificateSigningRequest");
        if (csr != null) {
            return SigningCertificates.v1Proof(csr, null, null);
        }
        byte[] key = request.publicKey() == null ? null
                : decode(request.publicKey().content(), ErrorKind.INVALID_PUBLIC_KEY, "publicKey.content");
        return SigningCertificates.v1Proof(null, key,
                decode(request.signedEmailAddress(), ErrorKind.INVALID_SIGNATURE, "signedEmailAddress"));
    }

    /** A base64 {@code bytes} field, or null when absent or empty (present but blank decodes to no bytes). */
    private static byte[] decode(String value, ErrorKind kind, String field) {
        return RequestBodies.isEmpty(value) ? null : RequestBodies.base64(value, kind, field);
    }
}
