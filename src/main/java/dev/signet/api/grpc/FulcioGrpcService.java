package dev.signet.api.grpc;

import dev.signet.error.AsyncFailure;
import dev.signet.api.SigningCertificates;
import dev.signet.ca.CertificateAuthority;
import dev.signet.challenge.ClientSigningAlgorithms;
import dev.signet.challenge.KeyProof;
import dev.signet.issuance.IdentityFiles;
import dev.signet.issuance.Issuance;
import dev.signet.issuance.IssuanceService;
import dev.sigstore.fulcio.v2.CAGrpc;
import dev.sigstore.fulcio.v2.CertificateChain;
import dev.sigstore.fulcio.v2.Configuration;
import dev.sigstore.fulcio.v2.CreateSigningCertificateRequest;
import dev.sigstore.fulcio.v2.GetConfigurationRequest;
import dev.sigstore.fulcio.v2.GetTrustBundleRequest;
import dev.sigstore.fulcio.v2.OIDCIssuer;
import dev.sigstore.fulcio.v2.SigningCertificate;
import dev.sigstore.fulcio.v2.SigningCertificateDetachedSCT;
import dev.sigstore.fulcio.v2.SigningCertificateEmbeddedSCT;
import dev.sigstore.fulcio.v2.TrustBundle;
import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Vertx;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code dev.sigstore.fulcio.v2.CA} over gRPC: the same {@link IssuanceService}, request mapping and
 * error table as {@code /api/v2}. Issuance never waits on the calling thread (see
 * {@link IssuanceService#issueAsync}); the other calls run on worker threads.
 */
@GrpcService
public class FulcioGrpcService extends CAGrpc.CAImplBase {
    private final IssuanceService issuance;
    private final CertificateAuthority ca;
    private final IdentityFiles identityFiles;
    private final ClientSigningAlgorithms algorithms;

    public FulcioGrpcService(IssuanceService issuance, CertificateAuthority ca, IdentityFiles identityFiles,
            ClientSigningAlgorithms algorithms) {
        this.issuance = issuance;
        this.ca = ca;
        this.identityFiles = identityFiles;
        this.algorithms = algorithms;
    }

    /**
     * Runs on the event loop only to map the request: the checks and signatures run on the
     * issuance's own pools, and the answer is sent when the certificate is finished.
     */
    @Override
    public void createSigningCertificate(CreateSigningCertificateRequest request,
            StreamObserver<SigningCertificate> response) {
        answerLater(response, () -> issuance.issueAsync(
                CallMetadata.token(request.getCredentials().getOidcIdentityToken()), proof(request)),
                issued -> {
                    CertificateChain chain = CertificateChain.newBuilder()
                            .addAllCertificates(SigningCertificates.pemChain(issued.certificate())).build();
                    if (issued.sctEmbedded()) {
                        return SigningCertificate.newBuilder().setSignedCertificateEmbeddedSct(
                                SigningCertificateEmbeddedSCT.newBuilder().setChain(chain)).build();
                    }
                    SigningCertificateDetachedSCT.Builder detached =
                            SigningCertificateDetachedSCT.newBuilder().setChain(chain);
                    SigningCertificates.detachedSctJson(issued)
                            .ifPresent(sct -> detached.setSignedCertificateTimestamp(ByteString.copyFrom(sct)));
                    return SigningCertificate.newBuilder().setSignedCertificateDetachedSct(detached).build();
                });
    }

    /** Protobuf already holds the bytes decoded; {@code key} is a oneof, so at most one is present. */
    private static KeyProof proof(CreateSigningCertificateRequest request) {
        boolean csr = request.getKeyCase() == CreateSigningCertificateRequest.KeyCase.CERTIFICATE_SIGNING_REQUEST;
        return SigningCertificates.v2Proof(
                csr ? request.getCertificateSigningRequest().toByteArray() : null,
                request.getPublicKeyRequest().getPublicKey().getContent(),
                request.getPublicKeyRequest().getProofOfPossession().toByteArray());
    }

    @Override
    @Blocking
    public void getTrustBundle(GetTrustBundleRequest request, StreamObserver<TrustBundle> response) {
        answer(response, () -> {
            TrustBundle.Builder bundle = TrustBundle.newBuilder();
            for (dev.signet.api.SigningCertificate.CertificateChain chain : dev.signet.api.TrustBundle.of(ca)
                    .chains()) {
                bundle.addChains(CertificateChain.newBuilder().addAllCertificates(chain.certificates()));
            }
            return bundle.build();
        });
    }

    @Override
    @Blocking
    public void getConfiguration(GetConfigurationRequest request, StreamObserver<Configuration> response) {
        answer(response, () -> {
            dev.signet.api.Configuration described =
                    dev.signet.api.Configuration.of(identityFiles.issuers(), algorithms);
            Configuration.Builder configuration = Configuration.newBuilder();
            for (dev.signet.api.Configuration.OidcIssuer issuer : described.issuers()) {
                configuration.addIssuers(describe(issuer));
            }
            return configuration.addAllClientSigningAlgorithms(described.clientSigningAlgorithms()).build();
        });
    }

    private static OIDCIssuer describe(dev.signet.api.Configuration.OidcIssuer issuer) {
        OIDCIssuer.Builder described = OIDCIssuer.newBuilder()
                .setAudience(issuer.audience())
                .setChallengeClaim(issuer.challengeClaim())
                .setSpiffeTrustDomain(issuer.spiffeTrustDomain())
                .setIssuerType(issuer.issuerType())
                .setSubjectDomain(issuer.subjectDomain())
                .setSkipEmailVerification(issuer.skipEmailVerification());
        if (issuer.issuerUrl() != null) {
            described.setIssuerUrl(issuer.issuerUrl());
        } else if (issuer.wildcardIssuerUrl() != null) {
            described.setWildcardIssuerUrl(issuer.wildcardIssuerUrl());
        }
        return described.build();
    }

    /**
     * One answer or one status, sent when {@code call}'s stage completes; {@code render} runs inside
     * the call's gRPC {@link Context}, so response headers it adds are sent. Never internal text.
     *
     * <p>A call that starts on an event loop is answered from that event loop, not from the thread
     * that finished the work: grpc-java hands a write from any other thread to the event loop once
     * per frame (headers, message, trailers), three wake-ups where this hand-off is one.
     */
    static <I, T> void answerLater(StreamObserver<T> response, Supplier<CompletionStage<I>> call,
            Function<I, T> render) {
        Context context = Context.current();
        io.vertx.core.Context eventLoop = Vertx.currentContext();
        CompletionStage<I> outcome;
        try {
            outcome = call.get();
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.toStatus(e));
            return;
        }
        outcome.whenComplete((value, failure) -> onEventLoop(eventLoop, () -> context.run(() -> {
            if (failure != null) {
                response.onError(GrpcErrors.toStatus(AsyncFailure.cause(failure)));
                return;
            }
            answer(response, () -> render.apply(value));
        })));
    }

    private static void onEventLoop(io.vertx.core.Context eventLoop, Runnable send) {
        if (eventLoop == null || !eventLoop.isEventLoopContext() || Vertx.currentContext() == eventLoop) {
            send.run();
        } else {
            eventLoop.runOnContext(ignored -> send.run());
        }
    }

    /** One answer or one status; never internal text. */
    static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.toStatus(e));
            return;
        }
        response.onNext(value);
        response.onCompleted();
    }
}
