package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.embedded.EmbeddedLog;
import com.google.api.HttpBody;
import com.google.protobuf.ByteString;
import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
import dev.signet.testing.GrpcTestChannel;
import dev.signet.testing.TestOidcIssuer;
import dev.sigstore.fulcio.v2.CAGrpc;
import dev.sigstore.fulcio.v2.CreateSigningCertificateRequest;
import dev.sigstore.fulcio.v2.Credentials;
import dev.sigstore.fulcio.v2.PublicKey;
import dev.sigstore.fulcio.v2.PublicKeyRequest;
import dev.sigstore.fulcio.v2.SigningCertificate;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import dev.signet.testing.EmbeddedSctAssertions;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Detached SCTs for legacy clients: logged with add-chain, SCT beside the certificate, over REST and gRPC. */
@QuarkusTest
@TestProfile(DetachedSctTest.Detached.class)
@WithTestResource(OidcIssuersTestResource.class)
class DetachedSctTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    /** Detached SCTs: the certificate is logged with add-chain and the SCT travels beside it. */
    public static class Detached implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signet.ctlog.detached-sct", "true");
        }
    }

    @Inject
    ConfiguredLog logs;

    @Test
    void v2ReturnsTheAddChainResponseBesideAnSctFreeCertificate() throws Exception {
        ClientKey key = ClientKey.ec("secp256r1");
        Response response = given().contentType("application/json").body(LogModes.v2Body(issuer, key))
                .post("/api/v2/signingCert").then().statusCode(200)
                .body("signedCertificateEmbeddedSct", nullValue()).extract().response();
        List<String> pems = response.jsonPath().getList("signedCertificateDetachedSct.chain.certificates");
        String sct = response.jsonPath().getString("signedCertificateDetachedSct.signedCertificateTimestamp");
        assertDetachedSctVerifies(LeafAssertions.parsePem(pems.get(0)).get(0), sct);
    }

    @Test
    void v1ReturnsTheSctHeader() throws Exception {
        Response response = LogModes.v1(issuer, ClientKey.ec("secp384r1"));
        X509Certificate leaf = LeafAssertions.parsePem(response.asString()).get(0);
        assertDetachedSctVerifies(leaf, response.getHeader("SCT"));
    }

    @Test
    void grpcV2ReturnsTheAddChainResponseBytes() throws Exception {
        ClientKey key = ClientKey.ec("secp256r1");
        try (GrpcTestChannel channel = GrpcTestChannel.open()) {
            SigningCertificate answer = CAGrpc.newBlockingStub(channel.channel()).createSigningCertificate(
                    CreateSigningCertificateRequest.newBuilder()
                            .setCredentials(Credentials.newBuilder()
                                    .setOidcIdentityToken(SigningCertErrorsTest.good(issuer).sign()))
                            .setPublicKeyRequest(PublicKeyRequest.newBuilder()
                                    .setPublicKey(PublicKey.newBuilder().setContent(key.publicKeyPem()))
                                    .setProofOfPossession(ByteString.copyFrom(Base64.getDecoder()
                                            .decode(key.proof(SigningCertErrorsTest.EMAIL)))))
                            .build());
            assertTrue(answer.hasSignedCertificateDetachedSct());
            X509Certificate leaf = LeafAssertions.parsePem(
                    answer.getSignedCertificateDetachedSct().getChain().getCertificates(0)).get(0);
            assertDetachedSctVerifies(leaf, Base64.getEncoder().encodeToString(
                    answer.getSignedCertificateDetachedSct().getSignedCertificateTimestamp().toByteArray()));
        }
    }

    @Test
    void grpcV1betaReturnsTheSctHeader() throws Exception {
        V1betaAnswer answer =
                v1beta(stub -> GrpcTestChannel.withBearer(stub, SigningCertErrorsTest.good(issuer).sign()));
        assertDetachedSctVerifies(answer.leaf(), answer.header("sct"));
    }

    /** Fulcio's legacy server: token in {@code oidcidentitytoken}, SCT as base64 in the {@code x-sct} header, and {@code x-http-code: 201}. */
    @Test
    void grpcV1betaReturnsTheSctInFulciosXSctHeader() throws Exception {
        V1betaAnswer answer = v1beta(
                stub -> GrpcTestChannel.withOidcIdentityToken(stub, SigningCertErrorsTest.good(issuer).sign()));
        assertDetachedSctVerifies(answer.leaf(), answer.header("x-sct"));
        assertEquals(answer.header("x-sct"), answer.header("sct"));
        assertEquals("201", answer.header("x-http-code"));
    }

    /** A v1beta answer: the leaf of its chain and the response headers. */
    private record V1betaAnswer(X509Certificate leaf, Metadata headers) {
        String header(String name) {
            return headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
        }
    }

    /** One v1beta public-key request through a stub that {@code withToken} gives its token. */
    private static V1betaAnswer v1beta(
            UnaryOperator<dev.sigstore.fulcio.v1beta.CAGrpc.CABlockingStub> withToken) throws Exception {
        ClientKey key = ClientKey.ec("secp256r1");
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        try (GrpcTestChannel channel = GrpcTestChannel.open()) {
            HttpBody body = withToken.apply(dev.sigstore.fulcio.v1beta.CAGrpc.newBlockingStub(channel.channel()))
                    .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
                    .createSigningCertificate(dev.sigstore.fulcio.v1beta.CreateSigningCertificateRequest.newBuilder()
                            .setPublicKey(dev.sigstore.fulcio.v1beta.PublicKey.newBuilder()
                                    .setContent(ByteString.copyFromUtf8(key.publicKeyPem())))
                            .setSignedEmailAddress(ByteString.copyFrom(Base64.getDecoder()
                                    .decode(key.proof(SigningCertErrorsTest.EMAIL))))
                            .build());
            return new V1betaAnswer(LeafAssertions.parsePem(body.getData().toStringUtf8()).get(0), headers.get());
        }
    }

    private void assertDetachedSctVerifies(X509Certificate leaf, String base64Json) throws Exception {
        assertNull(leaf.getExtensionValue(EmbeddedSctAssertions.SCT_LIST_OID), "no embedded SCT");
        JsonNode json = new ObjectMapper().readTree(Base64.getDecoder().decode(base64Json));
        assertEquals(0, json.get("sct_version").asInt());
        var logKey = logs.log(EmbeddedLog.class).orElseThrow().identity().publicKey();
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(logKey.getEncoded()),
                Base64.getDecoder().decode(json.get("id").asText()));
        byte[] extensions = Base64.getDecoder().decode(json.get("extensions").asText());
        byte[] digitallySigned = Base64.getDecoder().decode(json.get("signature").asText());
        assertEquals(4, digitallySigned[0]);
        assertEquals(3, digitallySigned[1]);
        byte[] signature = java.util.Arrays.copyOfRange(digitallySigned, 4, digitallySigned.length);
        byte[] signed = EmbeddedSctAssertions.signedEntry(json.get("timestamp").asLong(), 0, null,
                leaf.getEncoded(), extensions);
        assertTrue(EmbeddedSctAssertions.verifies(logKey, signed, signature),
                "detached SCT verifies over the x509 entry");
    }
}
