package dev.signet.api.grpc;

import dev.signet.health.OverallReadiness;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.util.Set;

/**
 * {@code grpc.health.v1.Health/Check} answered from Signet's readiness (the same checks as
 * {@code /q/health/ready}), asked afresh on every call: SERVING when ready, NOT_SERVING when not.
 * The overall server ({@code ""}) and each Signet service name are known; others are NOT_FOUND, as the
 * health protocol asks. {@code Watch} stays unimplemented, as in Fulcio.
 */
@GrpcService
public class GrpcHealthService extends HealthGrpc.HealthImplBase {
    private static final Set<String> SERVICES = Set.of(
            "", "dev.sigstore.fulcio.v2.CA", "dev.sigstore.fulcio.v1beta.CA");

    private final OverallReadiness readiness;

    public GrpcHealthService(OverallReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    @Blocking
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
        if (!SERVICES.contains(request.getService())) {
            response.onError(Status.NOT_FOUND.withDescription("unknown service").asRuntimeException());
            return;
        }
        ServingStatus status = readiness.isReady() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        response.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
        response.onCompleted();
    }
}
