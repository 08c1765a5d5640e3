package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import dev.signet.testing.OidcIssuersTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No SCT, no certificate: a log that cannot be reached fails issuance with Fulcio's CT error, on REST and gRPC. */
@QuarkusTest
@TestProfile(LogFailureTest.UnreachableLog.class)
@WithTestResource(OidcIssuersTestResource.class)
class LogFailureTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    /** A remote log on a port nobody listens on, with a short deadline. */
    public static class UnreachableLog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (ServerSocket socket = new ServerSocket(0)) {
                Path key = Files.createTempFile("signet-log-key", ".pem");
                Files.writeString(key, ClientKey.ec("secp256r1").publicKeyPem());
                return Map.of(
                        "signet.ctlog.type", "remote",
                        "signet.ctlog.url", "http://127.0.0.1:" + socket.getLocalPort() + "/log",
                        "signet.ctlog.public-key", key.toString(),
                        "signet.ctlog.timeout", "1s");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void unreachableLogGives500AndNoCertificate() {
        SigningCertErrorsTest.assertError(
                SigningCertErrorsTest.v2(SigningCertErrorsTest.good(issuer).sign(), SigningCertErrorsTest.KEY,
                        SigningCertErrorsTest.EMAIL),
                500, 13, "Error entering certificate in CTL");
    }

    @Test
    void legacyApiFailsTheSameWay() {
        ClientKey key = ClientKey.ec("secp256r1");
        SigningCertErrorsTest.assertError(given().contentType("application/json")
                .header("Authorization", "Bearer " + SigningCertErrorsTest.good(issuer).sign())
                .body("{\"publicKey\":{\"content\":\"" + SigningCertResourceTest.base64(key.publicKeyPem())
                        + "\"},\"signedEmailAddress\":\"" + key.proof(SigningCertErrorsTest.EMAIL) + "\"}")
                .post("/api/v1/signingCert").then(), 500, 13, "Error entering certificate in CTL");
    }

    @Test
    void grpcFailsTheSameWay() throws Exception {
        ClientKey key = ClientKey.ec("secp256r1");
        try (GrpcTestChannel channel = GrpcTestChannel.open()) {
            StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                    () -> CAGrpc.newBlockingStub(channel.channel()).createSigningCertificate(
                            CreateSigningCertificateRequest.newBuilder()
                                    .setCredentials(Credentials.newBuilder()
                                            .setOidcIdentityToken(SigningCertErrorsTest.good(issuer).sign()))
                                    .setPublicKeyRequest(PublicKeyRequest.newBuilder()
                                            .setPublicKey(PublicKey.newBuilder().setContent(key.publicKeyPem()))
                                            .setProofOfPossession(ByteString.copyFrom(Base64.getDecoder()
                                                    .decode(key.proof(SigningCertErrorsTest.EMAIL)))))
                                    .build()));
            assertEquals(Status.Code.INTERNAL, failure.getStatus().getCode());
            assertEquals("Error entering certificate in CTL", failure.getStatus().getDescription());
        }
    }

    @Test
    void trustedRootNamesTheRemoteLog() {
        given().get("/api/v2/trustedRoot").then().statusCode(200)
                .body("ctlogs[0].baseUrl", org.hamcrest.Matchers.startsWith("http://127.0.0.1:"));
    }
}
