package dev.signet.api.grpc;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.api.HttpBody;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
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
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

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
        String token = issuer.token().email(EMAIL).emailVerified(true).sign();
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
        String issuerUrl = issuer.url();
        LeafAssertions.assertEmailLeaf(chain.get(0), chain.get(1), key.keyPair().getPublic(), EMAIL,
                Map.of(LeafAssertions.ISSUER_V1, issuerUrl, LeafAssertions.ISSUER_V2, issuerUrl,
                        LeafAssertions.TOKEN_SUBJECT, TestOidcIssuer.DEFAULT_SUBJECT),
                Duration.ofMinutes(10));
    }

    @Test
    void legacyServiceWithoutMetadataTokenIsRefused() {
        ClientKey key = ClientKey.ec("secp256r1");
        assertTokenRefused(
                () -> CAGrpc.newBlockingStub(channel.channel()).createSigningCertificate(publicKeyRequest(key)));
    }

    @Test
    void tokenInOidcIdentityTokenMetadataIsAcceptedAsByFulciosLegacyServer() throws Exception {
        ClientKey key = ClientKey.ec("secp256r1");
        HttpBody body = GrpcTestChannel.withOidcIdentityToken(CAGrpc.newBlockingStub(channel.channel()), emailToken())
                .createSigningCertificate(publicKeyRequest(key));
        X509Certificate leaf = LeafAssertions.parsePem(body.getData().toString(StandardCharsets.US_ASCII)).get(0);
        assertEquals(key.keyPair().getPublic(), leaf.getPublicKey());
    }

    /** Fulcio's legacy server reads only {@code oidcidentitytoken}; Signet keeps {@code authorization} as the fallback. */
    @Test
    void oidcIdentityTokenMetadataWinsOverAuthorizationAsInFulcio() throws Exception {
        ClientKey key = ClientKey.ec("secp256r1");
        CAGrpc.CABlockingStub goodMetadataBadBearer = GrpcTestChannel.withOidcIdentityToken(
                GrpcTestChannel.withBearer(CAGrpc.newBlockingStub(channel.channel()), "not-a-token"), emailToken());
        HttpBody body = goodMetadataBadBearer.createSigningCertificate(publicKeyRequest(key));
        assertEquals(key.keyPair().getPublic(), LeafAssertions.parsePem(
                body.getData().toString(StandardCharsets.US_ASCII)).get(0).getPublicKey());

        CAGrpc.CABlockingStub badMetadataGoodBearer = GrpcTestChannel.withOidcIdentityToken(
                GrpcTestChannel.withBearer(CAGrpc.newBlockingStub(channel.channel()), emailToken()), "not-a-token");
        assertTokenRefused(() -> badMetadataGoodBearer.createSigningCertificate(publicKeyRequest(key)));
    }

    /** Fulcio takes the metadata token only when it is sent once; a repeated key leaves it without a token. */
    @Test
    void repeatedOidcIdentityTokenMetadataIsRefusedAsByFulcio() {
        ClientKey key = ClientKey.ec("secp256r1");
        String token = emailToken();
        CAGrpc.CABlockingStub twice = GrpcTestChannel.withOidcIdentityToken(
                GrpcTestChannel.withBearer(CAGrpc.newBlockingStub(channel.channel()), token), token, token);
        assertTokenRefused(() -> twice.createSigningCertificate(publicKeyRequest(key)));
    }

    private String emailToken() {
        return issuer.token().email(EMAIL).emailVerified(true).sign();
    }

    private static CreateSigningCertificateRequest publicKeyRequest(ClientKey key) {
        return CreateSigningCertificateRequest.newBuilder()
                .setPublicKey(PublicKey.newBuilder()
                        .setContent(ByteString.copyFrom(key.publicKeyPem(), StandardCharsets.US_ASCII)))
                .setSignedEmailAddress(ByteString.copyFrom(Base64.getDecoder().decode(key.proof(EMAIL))))
                .build();
    }

    private static void assertTokenRefused(org.junit.jupiter.api.function.Executable call) {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, call);
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
