package dev.signet.api.grpc;

import com.google.api.HttpBody;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.signet.api.SigningCertificates;
import dev.signet.api.TrustBundle;
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
 * mode: a PEM chain in an {@code HttpBody}, the token from {@code authorization} metadata only, and a
 * detached SCT (if any) in the {@code sct} response header.
 */
@GrpcService
public class LegacyFulcioGrpcService extends CAGrpc.CAImplBase {
    /** Media type of Fulcio's v1 certificate chain responses. */
    static final String PEM_CHAIN = "application/pem-certificate-chain";
    private static final Metadata.Key<String> SCT = Metadata.Key.of("sct", Metadata.ASCII_STRING_MARSHALLER);

    private final IssuanceService issuance;

    public LegacyFulcioGrpcService(IssuanceService issuance) {
        this.issuance = issuance;
    }

    /** As the v2 call: the event loop maps the request, the issuance's pools do the rest. */
    @Override
    public void createSigningCertificate(CreateSigningCertificateRequest request, StreamObserver<HttpBody> response) {
        FulcioGrpcService.answerLater(response, () -> issuance.issueAsync(
                SigningCertificates.token(null, CallMetadata.authorization()),
                SigningCertificates.v1Proof(nullIfEmpty(request.getCertificateSigningRequest().toByteArray()),
                        request.getPublicKey().getContent().toByteArray(),
                        request.getSignedEmailAddress().toByteArray())),
                issued -> {
                    SigningCertificates.detachedSctJson(issued).ifPresent(
                            sct -> CallMetadata.addResponseHeader(SCT, Base64.getEncoder().encodeToString(sct)));
                    return pemBody(SigningCertificates.joinedPemChain(issued.certificate()));
                });
    }

    /** Every certificate of every chain, concatenated, as {@code /api/v1/rootCert}. */
    @Override
    @Blocking
    public void getRootCertificate(Empty request, StreamObserver<HttpBody> response) {
        FulcioGrpcService.answer(response, () -> pemBody(String.join("", TrustBundle.of(issuance).chains().stream()
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
