package dev.signet.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class GrpcServerMetricsTest {
    @Test
    void grpcCodesAreSpelledAsGoWritesThem() {
        assertEquals("OK", GrpcServerMetrics.goName(Status.Code.OK));
        assertEquals("Canceled", GrpcServerMetrics.goName(Status.Code.CANCELLED));
        assertEquals("InvalidArgument", GrpcServerMetrics.goName(Status.Code.INVALID_ARGUMENT));
        assertEquals("DeadlineExceeded", GrpcServerMetrics.goName(Status.Code.DEADLINE_EXCEEDED));
        assertEquals("Unauthenticated", GrpcServerMetrics.goName(Status.Code.UNAUTHENTICATED));
        assertEquals("DataLoss", GrpcServerMetrics.goName(Status.Code.DATA_LOSS));
    }

    @Test
    void callTypesAreSpelledAsGoGrpcPrometheusWritesThem() {
        assertEquals("unary", GrpcServerMetrics.type(MethodDescriptor.MethodType.UNARY));
        assertEquals("client_stream", GrpcServerMetrics.type(MethodDescriptor.MethodType.CLIENT_STREAMING));
        assertEquals("server_stream", GrpcServerMetrics.type(MethodDescriptor.MethodType.SERVER_STREAMING));
        assertEquals("bidi_stream", GrpcServerMetrics.type(MethodDescriptor.MethodType.BIDI_STREAMING));
    }
}
