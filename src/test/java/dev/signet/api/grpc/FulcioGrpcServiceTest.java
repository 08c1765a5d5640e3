package dev.signet.api.grpc;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.testing.ClientKey;
import dev.signet.testing.EmbeddedSctAssertions;
import dev.signet.testing.Fixture;
import dev.signet.testing.GrpcTestChannel;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import dev.sigstore.fulcio.v2.CAGrpc;
import dev.sigstore.fulcio.v2.CreateSigningCertificateRequest;
import dev.sigstore.fulcio.v2.Credentials;
import dev.sigstore.fulcio.v2.GetConfigurationRequest;
import dev.sigstore.fulcio.v2.GetTrustBundleRequest;
import dev.sigstore.fulcio.v2.PublicKey;
import dev.sigstore.fulcio.v2.PublicKeyAlgorithm;
import dev.sigstore.fulcio.v2.PublicKeyRequest;
import dev.sigstore.fulcio.v2.SigningCertificate;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code dev.sigstore.fulcio.v2.CA} over plaintext gRPC on the HTTP port: issuance by signed
 * challenge and by CSR with Fulcio's profile and an embedded SCT, the same trust bundle and
 * configuration as REST, and the error table's codes and messages.
 */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
class FulcioGrpcServiceTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    static final String EMAIL = "grpc@example.com";
    static final String SUBJECT = "grpc-sub";

    @Inject
    ConfiguredLog logs;

    private GrpcTestChannel channel;
    private CAGrpc.CABlockingStub ca;

    @BeforeEach
    void connect() {
        channel = GrpcTestChannel.open();
        ca = CAGrpc.newBlockingStub(channel.channel());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.close();
    }

    TestOidcIssuer issuer() {
        return issuer;
    }

    String token() {
        return issuer().token().email(EMAIL).emailVerified(true).subject(SUBJECT).sign();
    }

    static Credentials credentials(String token) {
        return Credentials.newBuilder().setOidcIdentityToken(token).build();
    }

    static PublicKeyRequest keyRequest(ClientKey key, String signedMessage) {
        return PublicKeyRequest.newBuilder()
                .setPublicKey(PublicKey.newBuilder().setAlgorithm(PublicKeyAlgorithm.ECDSA)
                        .setContent(key.publicKeyPem()))
                .setProofOfPossession(ByteString.copyFrom(Base64.getDecoder().decode(key.proof(signedMessage))))
                .build();
    }

    @Test
    void issuesByPublicKeyAndProofOfPossession() throws Exception {
        ClientKey key = ClientKey.ec("secp256r1");
        SigningCertificate answer = ca.createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                .setCredentials(credentials(token())).setPublicKeyRequest(keyRequest(key, EMAIL)).build());
        assertIssued(answer, key);
    }

    @Test
    void issuesByCertificateSigningRequest() throws Exception {
        ClientKey key = ClientKey.rsa(2048);
        SigningCertificate answer = ca.createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                .setCredentials(credentials(token()))
                .setCertificateSigningRequest(ByteString.copyFrom(Base64.getDecoder().decode(key.csr())))
                .build());
        assertIssued(answer, key);
    }

    @Test
    void takesTheTokenFromAuthorizationMetadata() throws Exception {
        ClientKey key = ClientKey.ed25519();
        SigningCertificate answer = GrpcTestChannel.withBearer(ca, token()).createSigningCertificate(
                CreateSigningCertificateRequest.newBuilder().setPublicKeyRequest(keyRequest(key, EMAIL)).build());
        assertIssued(answer, key);
    }

    /** Fulcio's v2 server falls back to {@code oidcidentitytoken} metadata when the request has no token. */
    @Test
    void tokenInOidcIdentityTokenMetadataIsAcceptedAsByFulciosServer() throws Exception {
        ClientKey key = ClientKey.ec("secp256r1");
        SigningCertificate answer = GrpcTestChannel.withOidcIdentityToken(ca, token()).createSigningCertificate(
                CreateSigningCertificateRequest.newBuilder().setPublicKeyRequest(keyRequest(key, EMAIL)).build());
        assertIssued(answer, key);
    }

    private void assertIssued(SigningCertificate answer, ClientKey key) throws Exception {
        assertTrue(answer.hasSignedCertificateEmbeddedSct(), "embedded SCT mode");
        List<String> pems = answer.getSignedCertificateEmbeddedSct().getChain().getCertificatesList();
        List<X509Certificate> chain = new ArrayList<>();
        for (String pem : pems) {
            assertFalse(pem.endsWith("\n"), "signingCert PEMs are trimmed, as Fulcio's");
            chain.addAll(LeafAssertions.parsePem(pem));
        }
        assertEquals(grpcTrustBundle(), chain.subList(1, chain.size()), "chain ends with exactly the trust bundle");
        LeafAssertions.assertEmailLeaf(chain.get(0), chain.get(1), key.keyPair().getPublic(), EMAIL,
                Map.of(LeafAssertions.ISSUER_V1, issuer().url(), LeafAssertions.ISSUER_V2, issuer().url(),
                        LeafAssertions.TOKEN_SUBJECT, SUBJECT),
                Duration.ofMinutes(10));
        EmbeddedSctAssertions.assertEmbeddedSct(chain.get(0), chain.get(1), logs.log(EmbeddedLog.class).orElseThrow());
    }

    private List<X509Certificate> grpcTrustBundle() {
        List<X509Certificate> certificates = new ArrayList<>();
        for (String pem : ca.getTrustBundle(GetTrustBundleRequest.getDefaultInstance()).getChains(0)
                .getCertificatesList()) {
            certificates.addAll(LeafAssertions.parsePem(pem));
        }
        return certificates;
    }

    @Test
    void trustBundleIsTheRestAnswer() throws Exception {
        String rest = given().get("/api/v2/trustBundle").then().statusCode(200).extract().asString();
        assertJsonEquals(rest,
                JsonFormat.printer().print(ca.getTrustBundle(GetTrustBundleRequest.getDefaultInstance())));
    }

    @Test
    void configurationIsTheRestAnswer() throws Exception {
        String rest = given().get("/api/v2/configuration").then().statusCode(200).extract().asString();
        String grpc = JsonFormat.printer().includingDefaultValueFields()
                .print(ca.getConfiguration(GetConfigurationRequest.getDefaultInstance()));
        assertJsonEquals(rest, grpc);
        assertTrue(grpc.contains(issuer().url()), grpc);
    }

    private static void assertJsonEquals(String expected, String actual) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(json.readTree(expected), json.readTree(actual));
    }

    @Test
    void badTokenIsInvalidArgumentWithFulciosMessage() {
        ClientKey key = ClientKey.ec("secp256r1");
        assertStatus(Status.Code.INVALID_ARGUMENT, "There was an error processing the identity token",
                stub -> stub.createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                        .setCredentials(credentials("not-a-jwt")).setPublicKeyRequest(keyRequest(key, EMAIL)).build()));
    }

    @Test
    void noTokenAnywhereIsInvalidArgument() {
        ClientKey key = ClientKey.ec("secp256r1");
        assertStatus(Status.Code.INVALID_ARGUMENT, "There was an error processing the identity token",
                stub -> stub.createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                        .setPublicKeyRequest(keyRequest(key, EMAIL)).build()));
    }

    @Test
    void badProofOfPossessionIsInvalidArgumentWithFulciosMessage() {
        ClientKey key = ClientKey.ec("secp256r1");
        assertStatus(Status.Code.INVALID_ARGUMENT, "The signature supplied in the request could not be verified",
                stub -> stub.createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                        .setCredentials(credentials(token()))
                        .setPublicKeyRequest(keyRequest(key, "someone-else@example.com")).build()));
    }

    @Test
    void missingKeyIsInvalidArgumentWithFulciosMessage() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "The public key supplied in the request could not be parsed",
                stub -> stub.createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                        .setCredentials(credentials(token())).build()));
    }

    @Test
    void messageOverFourMebibytesIsResourceExhausted() {
        String huge = "A".repeat(5 * 1024 * 1024);
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> ca.createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                        .setCredentials(credentials(token()))
                        .setPublicKeyRequest(PublicKeyRequest.newBuilder()
                                .setPublicKey(PublicKey.newBuilder().setContent(huge)))
                        .build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, failure.getStatus().getCode(), failure.toString());
    }

    @Test
    void restStillAnswersOnTheSamePort() {
        given().get("/api/v2/trustBundle").then().statusCode(200).contentType("application/json");
        assertEquals(1, ca.getTrustBundle(GetTrustBundleRequest.getDefaultInstance()).getChainsCount());
    }

    private void assertStatus(Status.Code code, String message, Function<CAGrpc.CABlockingStub, Object> call) {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, () -> call.apply(ca));
        assertEquals(code, failure.getStatus().getCode(), failure.toString());
        assertEquals(message, failure.getStatus().getDescription());
    }
}
