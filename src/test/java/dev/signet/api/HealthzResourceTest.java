package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.OidcIssuersTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.health.api.HealthRegistry;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /healthz} on the API port, as Fulcio's HTTP server serves it (its Helm chart and
 * Kubernetes manifest probe it), so Fulcio's manifests and load-balancer health checks work
 * unchanged: Fulcio's body, answered from Signet's readiness instead of a constant.
 */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
class HealthzResourceTest {

    @Inject
    @Readiness
    HealthRegistry readiness;

    /** As Fulcio's {@code /healthz}: 200 {@code {"status":"SERVING"}}; its {@code service} parameter is ignored. */
    @Test
    void servesFulciosHealthzOnTheApiPortWhenReady() {
        given().get("/healthz").then().statusCode(200).contentType("application/json")
                .header("Cache-Control", "no-store").body(equalTo("{\"status\":\"SERVING\"}"));
        given().get("/healthz?service=dev.sigstore.fulcio.v2.CA").then().statusCode(200)
                .body("status", equalTo("SERVING"));
        given().head("/healthz").then().statusCode(200);
    }

    /** Unlike Fulcio's always-SERVING answer, an unready Signet answers 503, with no internal detail. */
    @Test
    void answers503FromReadinessWithoutDetail() {
        readiness.register("secret-internal-check", () -> HealthCheckResponse.named("secret-internal-check").down()
                .withData("error", "the HSM at 10.1.2.3 refused the PIN").build());
        try {
            String body = given().get("/healthz").then().statusCode(503).contentType("application/json")
                    .extract().asString();
            assertEquals("{\"status\":\"NOT_SERVING\"}", body);
            assertFalse(body.contains("secret") || body.contains("10.1.2.3"), body);
        } finally {
            readiness.remove("secret-internal-check");
        }
        given().get("/healthz").then().statusCode(200);
    }

    @Test
    void theMetricsLabelIsTheRouteItself() {
        given().get("/healthz").then().statusCode(200);
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        String metrics = given().get("http://127.0.0.1:" + port + "/q/metrics").then().statusCode(200)
                .extract().asString();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("http_server_requests_seconds_count")
                && line.contains("uri=\"/healthz\"")), "a bounded label for /healthz");
    }
}
