package dev.signet.api.grpc;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.api.HttpBody;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.signet.testing.ClientKey;
import dev.signet.testing.GrpcTestChannel;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import dev.sigstore.fulcio.v1beta.CAGrpc;
import dev.sigstore.fulcio.v1beta.CreateSigningCertificateRequest;
import dev.sigstore.fulcio.v1beta.PublicKey;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.health.api.HealthRegistry;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The v1beta legacy service and grpc.health.v1 on the HTTP port. */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
class LegacyAndHealthGrpcTest {
    private static final String EMAIL = "legacy@example.com";

    @Inject
    @Readiness
    HealthRegistry readiness;

    private GrpcTestChannel channel;

    @BeforeEach
    void connect() {
        channel = GrpcTestChannel.open();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.close();
    }

    @Test
    void legacyServiceIssuesWithTheTokenFromMetadata() throws Exception {
        ClientKey key = ClientKey.ec("secp384r1");
        String token = OidcIssuersTestResource.ISSUER.token().email(EMAIL).emailVerified(true).sign();
        HttpBody body = GrpcTestChannel.withBearer(CAGrpc.newBlockingStub(channel.channel()), token)
                .createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                        .setPublicKey(PublicKey.newBuilder().setAlgorithm("ecdsa")
                                .setContent(ByteString.copyFrom(key.publicKeyPem(), StandardCharsets.US_ASCII)))
                        .setSignedEmailAddress(ByteString.copyFrom(Base64.getDecoder().decode(key.proof(EMAIL))))
                        .build());
        assertEquals("application/pem-certificate-chain", body.getContentType());
        List<X509Certificate> chain = LeafAssertions.parsePem(body.getData().toString(StandardCharsets.US_ASCII));
        List<X509Certificate> bundle = LeafAssertions.parsePem(given().get("/api/v1/rootCert").then()
                .statusCode(200).extract().asString());
        assertEquals(bundle, chain.subList(1, chain.size()));
        String issuer = OidcIssuersTestResource.ISSUER.url();
        LeafAssertions.assertEmailLeaf(chain.get(0), chain.get(1), key.keyPair().getPublic(), EMAIL,
                Map.of(LeafAssertions.ISSUER_V1, issuer, LeafAssertions.ISSUER_V2, issuer,
                        LeafAssertions.TOKEN_SUBJECT, TestOidcIssuer.DEFAULT_SUBJECT), Duration.ofMinutes(10));
    }

    @Test
    void legacyServiceWithoutMetadataTokenIsRefused() {
        ClientKey key = ClientKey.ec("secp256r1");
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> CAGrpc.newBlockingStub(channel.channel()).createSigningCertificate(
                        CreateSigningCertificateRequest.newBuilder()
                                .setPublicKey(PublicKey.newBuilder()
                                        .setContent(ByteString.copyFrom(key.publicKeyPem(), StandardCharsets.US_ASCII)))
                                .setSignedEmailAddress(ByteString.copyFrom(Base64.getDecoder().decode(key.proof(EMAIL))))
                                .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
        assertEquals("There was an error processing the identity token", failure.getStatus().getDescription());
    }

    @Test
    void legacyRootCertificateIsTheRestAnswer() {
        String rest = given().get("/api/v1/rootCert").then().statusCode(200).extract().asString();
        HttpBody body = CAGrpc.newBlockingStub(channel.channel()).getRootCertificate(Empty.getDefaultInstance());
        assertEquals("application/pem-certificate-chain", body.getContentType());
        assertEquals(rest, body.getData().toString(StandardCharsets.US_ASCII));
    }

    @Test
    void healthFollowsReadiness() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel.channel());
        assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.newBuilder()
                .setService("dev.sigstore.fulcio.v2.CA").build()).getStatus());
        readiness.register("test-down", () -> HealthCheckResponse.down("test-down"));
        try {
            given().get(managementUrl()).then().statusCode(503);
            assertEquals(ServingStatus.NOT_SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
        } finally {
            readiness.remove("test-down");
        }
        assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
    }

    @Test
    void unknownHealthServiceIsNotFound() {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> HealthGrpc.newBlockingStub(channel.channel())
                        .check(HealthCheckRequest.newBuilder().setService("no.such.Service").build()));
        assertEquals(Status.Code.NOT_FOUND, failure.getStatus().getCode());
    }

    private static String managementUrl() {
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.management.test-port", Integer.class);
        return "http://127.0.0.1:" + port + "/q/health/ready";
    }
}
