package dev.signet.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.signet.logging.ObservabilityProfile;
import dev.signet.testing.ClientKey;
import dev.signet.testing.Fixture;
import dev.signet.testing.GrpcTestChannel;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.TestOidcIssuer;
import dev.sigstore.fulcio.v2.CAGrpc;
import dev.sigstore.fulcio.v2.CreateSigningCertificateRequest;
import dev.sigstore.fulcio.v2.Credentials;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Fulcio's dashboards and alerts keep working against Signet: each series Fulcio exposes on its
 * metrics port is in {@code /q/metrics} under the same name and labels, and moves by one per call.
 * Same profile and test resources as ObservabilityTest, so the two share one Quarkus boot.
 */
@QuarkusTest
@TestProfile(ObservabilityProfile.class)
@WithTestResource(OidcIssuersTestResource.class)
class FulcioDashboardSeriesTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    private static final String EMAIL = "dash.bob@example.com";
    private static final String CREATE =
            "grpc_method=\"CreateSigningCertificate\",grpc_service=\"dev.sigstore.fulcio.v2.CA\","
                    + "grpc_type=\"unary\"";

    @Test
    void fulcioSeriesCountRestAndGrpcIssuances() {
        String before = scrape();
        ClientKey key = ClientKey.ec("secp256r1");
        String body = "{\"credentials\":{\"oidcIdentityToken\":\"" + token() + "\"},\"certificateSigningRequest\":\""
                + key.csr() + "\"}";
        given().contentType("application/json").body(body).post("/api/v2/signingCert").then().statusCode(200);
        // The legacy v1 answer is 201: the sample Fulcio's own deployment check looks for.
        given().contentType("application/json").header("Authorization", "Bearer " + token())
                .body("{\"certificateSigningRequest\":\"" + key.csr() + "\"}")
                .post("/api/v1/signingCert").then().statusCode(201);
        try (GrpcTestChannel channel = GrpcTestChannel.open()) {
            CAGrpc.CABlockingStub stub = CAGrpc.newBlockingStub(channel.channel());
            stub.createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                    .setCredentials(Credentials.newBuilder().setOidcIdentityToken(token()))
                    .setCertificateSigningRequest(ByteString.copyFrom(Base64.getDecoder().decode(key.csr()))).build());
            assertThrows(StatusRuntimeException.class, () -> stub.createSigningCertificate(
                    CreateSigningCertificateRequest.newBuilder()
                            .setCredentials(Credentials.newBuilder().setOidcIdentityToken("not-a-token")).build()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String after = scrape();

        assertMovedBy(3, "fulcio_new_certs", before, after);
        assertTrue(after.contains("# TYPE fulcio_new_certs "), "exposed under Fulcio's exact name");
        assertMovedBy(1, "fulcio_api_latency_count{code=\"200\",method=\"post\"}", before, after);
        assertMovedBy(1, "fulcio_api_latency_bucket{code=\"200\",method=\"post\",le=\"10.0\"}", before, after);
        assertMovedBy(1, "fulcio_api_latency_bucket{code=\"200\",method=\"post\",le=\"+Inf\"}", before, after);
        assertTrue(after.contains("fulcio_api_latency_bucket{code=\"200\",method=\"post\",le=\"0.005\"}"),
                "Prometheus' default buckets, as Fulcio's histogram uses");
        assertMovedBy(1, "http_requests_total{code=\"200\",method=\"post\"}", before, after);
        assertMovedBy(1, "fulcio_api_latency_count{code=\"201\",method=\"post\"}", before, after);
        assertMovedBy(1, "http_requests_total{code=\"201\",method=\"post\"}", before, after);

        assertMovedBy(2, "grpc_server_started_total{" + CREATE + "}", before, after);
        assertMovedBy(1, "grpc_server_handled_total{grpc_code=\"OK\"," + CREATE + "}", before, after);
        assertMovedBy(1, "grpc_server_handled_total{grpc_code=\"InvalidArgument\"," + CREATE + "}", before, after);
        assertMovedBy(2, "grpc_server_msg_received_total{" + CREATE + "}", before, after);
        assertMovedBy(1, "grpc_server_msg_sent_total{" + CREATE + "}", before, after);

        assertEquals(1.0, value(after, "fulcio_build_info{", "build_date=\"[^\"]*\",goversion=\"java[^\"]+\","
                + "revision=\"[^\"]*\",version=\"[^\"]+\"}"), "fulcio_build_info with Fulcio's four labels");
        assertEquals(1.0, value(after, "signet_build_info{", "java_version=\"[^\"]+\",revision=\"[^\"]*\","
                + "version=\"[^\"]+\"}"), "signet_build_info");
    }

    private String token() {
        return issuer.token().email(EMAIL).emailVerified(true).subject("dash-subject").sign();
    }

    private static void assertMovedBy(double delta, String series, String before, String after) {
        assertTrue(value(after, series, "") >= 0, series + " is exposed: " + lines(after, series));
        assertEquals(delta, value(after, series, "") - Math.max(0, value(before, series, "")), series + ": "
                + lines(after, series.substring(0, series.indexOf('{') < 0 ? series.length() : series.indexOf('{'))));
    }

    /** The sample value of the series named literally by {@code prefix} and matching {@code labelRegex} after it; -1 if absent. */
    private static double value(String scrape, String prefix, String labelRegex) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(prefix) + labelRegex + " (\\S+)$").matcher(scrape);
        return sample.find() ? Double.parseDouble(sample.group(1)) : -1;
    }

    private static String lines(String scrape, String text) {
        return scrape.lines().filter(line -> line.startsWith(text)).toList().toString();
    }

    private static String scrape() {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        Response response = given().get("http://127.0.0.1:" + port + "/q/metrics");
        assertEquals(200, response.statusCode());
        return response.asString();
    }
}
