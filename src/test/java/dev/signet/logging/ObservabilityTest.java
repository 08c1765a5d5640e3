package dev.signet.logging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.signet.metrics.HttpServerLabels;
import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
import dev.signet.testing.GrpcTestChannel;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import dev.sigstore.fulcio.v2.CAGrpc;
import dev.sigstore.fulcio.v2.CreateSigningCertificateRequest;
import dev.sigstore.fulcio.v2.Credentials;
import dev.sigstore.fulcio.v2.PublicKey;
import dev.sigstore.fulcio.v2.PublicKeyRequest;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Metrics, request IDs and log hygiene of a running Signet with a password-protected file CA:
 * {@code /q/metrics} on the management port with bounded labels and no identity in it, request IDs
 * on REST and gRPC and in log lines, and no token, key or password in any log line.
 */
@QuarkusTest
@TestProfile(ObservabilityProfile.class)
@WithTestResource(OidcIssuersTestResource.class)
class ObservabilityTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    static final String EMAIL = "obs.alice@example.com";
    static final String SUBJECT = "obs-subject-8d41";
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

    private CapturedLogs logs;
    private GrpcTestChannel channel;

    @BeforeEach
    void capture() {
        logs = CapturedLogs.install();
        channel = GrpcTestChannel.open();
    }

    @AfterEach
    void release() throws InterruptedException {
        logs.uninstall();
        channel.close();
    }

    TestOidcIssuer issuer() {
        return issuer;
    }

    String token() {
        return issuer().token().email(EMAIL).emailVerified(true).subject(SUBJECT).sign();
    }

    // ---- request IDs ---------------------------------------------------------------------------

    @Test
    void requestIdIsEchoedOrGenerated() {
        assertEquals("edge-7f3a.91:b/c+d=", given().header("x-request-id", "edge-7f3a.91:b/c+d=")
                .get("/api/v2/trustBundle").then().statusCode(200).extract().header("x-request-id"));
        String generated = given().get("/api/v2/trustBundle").then().statusCode(200).extract().header("x-request-id");
        assertTrue(UUID_TEXT.matcher(generated).matches(), generated);
        assertNotEquals(generated, given().get("/api/v2/trustBundle").then().extract().header("x-request-id"));
        String on404 = given().header("x-request-id", "on-404").get("/no/such/route").then().statusCode(404)
                .extract().header("x-request-id");
        assertEquals("on-404", on404, "every answer carries it, errors too");
    }

    @Test
    void hostileRequestIdsAreReplaced() {
        for (String hostile : List.of("x".repeat(129), "a b", "<script>", "id\"quoted", "tab\there", "semi;colon",
                "")) {
            List<String> answered = given().header("x-request-id", hostile).get("/api/v2/trustBundle").then()
                    .statusCode(200).extract().headers().getValues("x-request-id");
            assertEquals(1, answered.size(), "exactly one ID for " + hostile);
            assertTrue(UUID_TEXT.matcher(answered.get(0)).matches(), hostile + " -> " + answered.get(0));
        }
        assertEquals("y".repeat(128), given().header("x-request-id", "y".repeat(128)).get("/api/v2/trustBundle")
                .then().extract().header("x-request-id"), "the longest accepted ID");
    }

    @Test
    void restLogLinesCarryTheRequestId() {
        given().header("x-request-id", "obs-rest-line").contentType("application/json")
                .body("{\"credentials\":{\"oidcIdentityToken\":\"not-a-token\"}}")
                .post("/api/v2/signingCert").then().statusCode(400).header("x-request-id", "obs-rest-line");
        CapturedLogs.Line warn = logs.lines().stream()
                .filter(line -> line.logger().equals("dev.signet.api.ErrorMapper") && line.level().equals("WARN"))
                .filter(line -> "obs-rest-line".equals(line.requestId()))
                .findFirst().orElseThrow(() -> new AssertionError("no WARN line with the request ID: " + logs.lines()));
        assertFalse(warn.text().contains("\tat "), "client errors are logged without a stack trace: " + warn.text());
    }

    @Test
    void grpcCallsCarryTheRequestId() {
        Metadata sent = new Metadata();
        sent.put(REQUEST_ID, "obs-grpc-call");
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        CAGrpc.CABlockingStub stub = CAGrpc.newBlockingStub(channel.channel()).withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(sent),
                MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
        assertThrows(StatusRuntimeException.class, () -> stub.createSigningCertificate(
                CreateSigningCertificateRequest.newBuilder()
                        .setCredentials(Credentials.newBuilder().setOidcIdentityToken("not-a-token")).build()));
        List<String> answered = new ArrayList<>();
        for (Metadata metadata : new Metadata[] {headers.get(), trailers.get()}) {
            if (metadata != null && metadata.getAll(REQUEST_ID) != null) {
                metadata.getAll(REQUEST_ID).forEach(answered::add);
            }
        }
        assertEquals(List.of("obs-grpc-call"), answered);
        assertTrue(logs.lines().stream().anyMatch(line -> line.logger().equals("dev.signet.api.grpc.GrpcErrors")
                && "obs-grpc-call".equals(line.requestId())), "GrpcErrors line with the ID: " + logs.lines());
    }

    @Test
    void hostileGrpcRequestIdIsReplaced() {
        Metadata sent = new Metadata();
        sent.put(REQUEST_ID, "bad id with spaces");
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        CAGrpc.CABlockingStub stub = CAGrpc.newBlockingStub(channel.channel()).withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(sent),
                MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
        stub.getTrustBundle(dev.sigstore.fulcio.v2.GetTrustBundleRequest.getDefaultInstance());
        List<String> answered = new ArrayList<>();
        headers.get().getAll(REQUEST_ID).forEach(answered::add);
        assertEquals(1, answered.size(), answered.toString());
        assertTrue(UUID_TEXT.matcher(answered.get(0)).matches(), answered.toString());
    }

    // ---- metrics -------------------------------------------------------------------------------

    @Test
    void metricsAfterIssuanceHaveBoundedLabelsAndNoIdentity() {
        issueOverRestAndGrpc();
        String scrape = scrape();
        assertTrue(scrape.contains("signet_jwks_refreshes_total{outcome=\"ok\"}"), "JWKS refresh counter");
        assertTrue(Pattern.compile("http_server_requests_seconds_bucket\\{method=\"POST\",outcome=\"SUCCESS\","
                + "status=\"200\",uri=\"/api/v2/signingCert\",le=\"30.0\"} [1-9]").matcher(scrape).find(),
                "latency histogram by route: " + linesWith(scrape, "/api/v2/signingCert"));
        assertTrue(scrape.contains("uri=\"/api/v1/signingCert\""), "legacy v1 route measured on its own");
        assertTrue(scrape.contains("grpc_server_processing_duration_seconds_bucket{"), "gRPC latency histogram");
        assertTrue(scrape.contains("method=\"CreateSigningCertificate\""), "gRPC metrics by method");

        for (String forbidden : List.of(issuer().url(), "127.0.0.1:" + issuer().port(), EMAIL, "example.com",
                SUBJECT, issuer().rsaKid(), issuer().ecKid())) {
            assertFalse(scrape.contains(forbidden), "the scrape never names " + forbidden);
        }
        Set<String> signetLabels = new TreeSet<>();
        Matcher series = Pattern.compile("(?m)^signet_\\w+\\{([^}]*)}").matcher(scrape);
        while (series.find()) {
            for (String pair : series.group(1).split(",(?=\\w+=\")")) {
                signetLabels.add(pair.substring(0, pair.indexOf('=')));
            }
        }
        // signet_build_info's labels are fixed for the process' life.
        assertTrue(Set.of("issuer_type", "outcome", "rule", "scope", "le", "version", "revision", "java_version")
                .containsAll(signetLabels),
                "Signet's meters use only bounded labels: " + signetLabels);
    }

    @Test
    void unmatchedRequestsDoNotCreateSeries() {
        String marker = "rnd" + UUID.randomUUID().toString().substring(0, 8);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 1000; i++) {
            assertEquals(404, send(client, "GET", "/" + marker + "/" + UUID.randomUUID()));
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(501, send(client, "X" + marker.toUpperCase() + i, "/api/v2/trustBundle"),
                    "method not allowed");
            MethodDescriptor<byte[], byte[]> unknown = MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(marker + ".Svc" + i + "/Call" + UUID.randomUUID().toString().substring(0, 8))
                    .setRequestMarshaller(new RawBytes()).setResponseMarshaller(new RawBytes()).build();
            assertThrows(StatusRuntimeException.class,
                    () -> ClientCalls.blockingUnaryCall(channel.channel(), unknown, CallOptions.DEFAULT, new byte[0]));
        }
        String scrape = scrape();
        assertFalse(scrape.contains(marker), "no label holds a client-chosen path or method");
        Set<String> uris = new TreeSet<>();
        Matcher uri = Pattern.compile("(?m)^http_server_requests_seconds_count\\{.*uri=\"([^\"]*)\"").matcher(scrape);
        while (uri.find()) {
            uris.add(uri.group(1));
        }
        assertTrue(uris.contains("NOT_FOUND"), uris.toString());
        assertTrue(uris.size() < 40, "uri labels stay bounded: " + uris);
        assertTrue(scrape.contains("method=\"" + HttpServerLabels.OTHER_METHOD + "\""), "odd methods collapse");
    }

    // ---- OpenAPI -------------------------------------------------------------------------------

    @Test
    void openApiIsServedOnTheManagementPort() {
        Response document = given().queryParam("format", "json").get(managementUrl("/q/openapi"));
        assertEquals(200, document.statusCode());
        assertEquals("Signet", document.jsonPath().getString("info.title"));
        for (String path : List.of("/api/v2/signingCert", "/api/v1/signingCert", "/api/v2/trustedRoot",
                "/log/ct/v1/add-chain")) {
            assertNotNull(document.jsonPath().get("paths.'" + path + "'"), path);
        }
        given().get("/q/openapi").then().statusCode(404);
    }

    // ---- log hygiene ---------------------------------------------------------------------------

    @Test
    void noTokenKeyOrPasswordInAnyLogLine() {
        List<String> secrets = new ArrayList<>();
        ClientKey key = ClientKey.ec("secp256r1");
        String token = token();
        secrets.add(token);
        secrets.addAll(List.of(token.split("\\.")));
        secrets.add(pemBody(key.publicKeyPem()));
        secrets.add(ObservabilityProfile.CA_PASSWORD);
        secrets.add(pemBody(new String(ObservabilityProfile.encryptedKeyPem, StandardCharsets.US_ASCII)));
        String proof = key.proof(EMAIL);
        secrets.add(proof);
        String csr = key.csr();
        secrets.add(csr);

        issueV2(token, key, proof, 200);
        given().contentType("application/json").header("Authorization", "Bearer " + token)
                .body("{\"certificateSigningRequest\":\"" + csr + "\"}")
                .post("/api/v1/signingCert").then().statusCode(201);
        CAGrpc.newBlockingStub(channel.channel()).createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                .setCredentials(Credentials.newBuilder().setOidcIdentityToken(token))
                .setPublicKeyRequest(PublicKeyRequest.newBuilder()
                        .setPublicKey(PublicKey.newBuilder().setContent(key.publicKeyPem()))
                        .setProofOfPossession(ByteString.copyFrom(Base64.getDecoder().decode(proof))))
                .build());

        // Failures log their causes: those lines must be just as clean.
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        secrets.add(tampered);
        secrets.add(new StringBuilder(parts[2]).reverse().toString());
        issueV2(tampered, key, proof, 400);
        String expired = issuer().token().email(EMAIL).emailVerified(true).subject(SUBJECT)
                .expiresAt(java.time.Instant.now().minusSeconds(3600)).sign();
        secrets.add(expired);
        secrets.addAll(List.of(expired.split("\\.")));
        issueV2(expired, key, proof, 400);
        String unknownIssuer = issuer().token().issuer("https://unknown.example.net").email(EMAIL).sign();
        secrets.add(unknownIssuer);
        issueV2(unknownIssuer, key, proof, 400);
        issueV2(token, key, Base64.getEncoder().encodeToString(new byte[64]), 400);
        assertThrows(StatusRuntimeException.class, () -> CAGrpc.newBlockingStub(channel.channel())
                .createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                        .setCredentials(Credentials.newBuilder().setOidcIdentityToken(tampered))
                        .setCertificateSigningRequest(ByteString.copyFrom(Base64.getDecoder().decode(csr))).build()));

        List<CapturedLogs.Line> lines = logs.lines();
        assertTrue(lines.stream().filter(line -> line.logger().startsWith("dev.signet")).count() >= 5,
                "Signet logged the failures (at DEBUG and WARN): " + lines);
        for (CapturedLogs.Line line : lines) {
            for (String secret : secrets) {
                assertFalse(line.text().contains(secret), "a log line contains a secret: " + line);
            }
        }
    }

    private static int send(HttpClient client, String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String linesWith(String scrape, String text) {
        return scrape.lines().filter(line -> line.contains(text)).toList().toString();
    }

    private static void issueV2(String token, ClientKey key, String proof, int status) {
        String body = "{\"credentials\":{\"oidcIdentityToken\":\"" + token + "\"},\"publicKeyRequest\":{\"publicKey\":"
                + "{\"content\":" + json(key.publicKeyPem()) + "},\"proofOfPossession\":\"" + proof + "\"}}";
        given().contentType("application/json").body(body).post("/api/v2/signingCert").then().statusCode(status);
    }

    private void issueOverRestAndGrpc() {
        ClientKey key = ClientKey.ec("secp256r1");
        issueV2(token(), key, key.proof(EMAIL), 200);
        given().contentType("application/json").header("Authorization", "Bearer " + token())
                .body("{\"certificateSigningRequest\":\"" + key.csr() + "\"}")
                .post("/api/v1/signingCert").then().statusCode(201);
        CAGrpc.newBlockingStub(channel.channel()).createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                .setCredentials(Credentials.newBuilder().setOidcIdentityToken(token()))
                .setCertificateSigningRequest(ByteString.copyFrom(Base64.getDecoder().decode(key.csr()))).build());
    }

    static String scrape() {
        Response response = given().get(managementUrl("/q/metrics"));
        assertEquals(200, response.statusCode());
        return response.asString();
    }

    static String managementUrl(String path) {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return "http://127.0.0.1:" + port + path;
    }

    private static String pemBody(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "").substring(0, 60);
    }

    private static String json(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    /** Passes bytes through: a call to a method no service has. */
    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
