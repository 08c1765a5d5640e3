package dev.signet.api.grpc;

import com.google.api.HttpBody;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.signet.api.SigningCertificates;
import dev.signet.api.TrustBundle;
import dev.signet.ca.CertificateAuthority;
import dev.signet.issuance.Issuance;
import dev.signet.issuance.IssuanceService;
import dev.sigstore.fulcio.v1beta.CAGrpc;
import dev.sigstore.fulcio.v1beta.CreateSigningCertificateRequest;
import io.grpc.Metadata;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The deprecated {@code dev.sigstore.fulcio.v1beta.CA} over gRPC, as Fulcio serves it in single-port
 * mode: a PEM chain in an {@code HttpBody}, the token from metadata (see {@link CallMetadata#token}),
 * {@code x-http-code: 201} and a detached SCT (if any) as the base64 of its JSON in the response
 * headers {@code x-sct} (Fulcio's key) and {@code sct} (Signet's earlier key, kept for its clients).
 */
@GrpcService
public class LegacyFulcioGrpcService extends CAGrpc.CAImplBase {
    /** Media type of Fulcio's v1 certificate chain responses. */
    static final String PEM_CHAIN = "application/pem-certificate-chain";
    private static final Metadata.Key<String> SCT = Metadata.Key.of("sct", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> X_SCT = Metadata.Key.of("x-sct", Metadata.ASCII_STRING_MARSHALLER);
    /** Fulcio's gateway turns it into the REST status; Fulcio sends it to gRPC clients too. */
    private static final Metadata.Key<String> X_HTTP_CODE =
            Metadata.Key.of("x-http-code", Metadata.ASCII_STRING_MARSHALLER);

    private final IssuanceService issuance;
    private final CertificateAuthority ca;

    public LegacyFulcioGrpcService(IssuanceService issuance, CertificateAuthority ca) {
        this.issuance = issuance;
        this.ca = ca;
    }

    /** As the v2 call: the event loop maps the request, the issuance's pools do the rest. */
    @Override
    public void createSigningCertificate(CreateSigningCertificateRequest request, StreamObserver<HttpBody> response) {
        FulcioGrpcService.answerLater(response, () -> issuance.issueAsync(
                CallMetadata.token(null),
                SigningCertificates.v1Proof(nullIfEmpty(request.getCertificateSigningRequest().toByteArray()),
                        request.getPublicKey().getContent().toByteArray(),
                        request.getSignedEmailAddress().toByteArray())),
                issued -> {
                    CallMetadata.addResponseHeader(X_HTTP_CODE, "201");
                    SigningCertificates.detachedSctJson(issued).ifPresent(sct -> {
                        String base64 = Base64.getEncoder().encodeToString(sct);
                        CallMetadata.addResponseHeader(X_SCT, base64);
                        CallMetadata.addResponseHeader(SCT, base64);
                    });
                    return pemBody(SigningCertificates.joinedPemChain(issued.certificate()));
                });
    }

    /** Every certificate of every chain, concatenated, as {@code /api/v1/rootCert}. */
    @Override
    @Blocking
    public void getRootCertificate(Empty request, StreamObserver<HttpBody> response) {
        FulcioGrpcService.answer(response, () -> pemBody(String.join("", TrustBundle.of(ca).chains().stream()
                .flatMap(chain -> chain.certificates().stream()).toList())));
    }

    /** v1beta fields are plain proto3 bytes: empty means absent, as in Fulcio. */
    private static byte[] nullIfEmpty(byte[] bytes) {
        return bytes.length == 0 ? null : bytes;
    }

    private static HttpBody pemBody(String pem) {
        return HttpBody.newBuilder().setContentType(PEM_CHAIN)
                .setData(ByteString.copyFrom(pem, StandardCharsets.US_ASCII)).build();
    }
}
