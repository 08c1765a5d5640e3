package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.testing.OidcIssuersTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * CORS on the REST API as Fulcio enables it on its HTTP server (the Go {@code rs/cors} defaults):
 * any origin, methods GET, POST and HEAD, the simple request headers, no credentials; so a
 * browser client (sigstore-js in a web page) works against Signet as against Fulcio.
 */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
class CorsTest {
    private static final String ORIGIN = "https://signer.example";

    private static Set<String> list(String header) {
        return Arrays.stream(header.split(",")).map(String::trim).map(String::toUpperCase).collect(Collectors.toSet());
    }

    /** As Fulcio's CORS: a preflight for {@code POST /api/v2/signingCert} with a JSON body is allowed. */
    @Test
    void aPreflightForSigningCertIsAllowedAsByFulcio() {
        Response preflight = given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Content-Type").options("/api/v2/signingCert");
        preflight.then().statusCode(200).header("Access-Control-Allow-Origin", ORIGIN)
                .header("Access-Control-Allow-Credentials", not("true"));
        assertTrue(list(preflight.header("Access-Control-Allow-Methods")).containsAll(Set.of("GET", "POST", "HEAD")),
                preflight.header("Access-Control-Allow-Methods"));
        assertTrue(list(preflight.header("Access-Control-Allow-Headers")).contains("CONTENT-TYPE"),
                preflight.header("Access-Control-Allow-Headers"));
    }

    /** As Fulcio's CORS: methods other than GET, POST and HEAD are not offered to browsers. */
    @Test
    void otherMethodsAreNotAllowed() {
        given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "DELETE")
                .options("/api/v2/signingCert").then()
                .header("Access-Control-Allow-Methods", not(containsString("DELETE")));
    }

    /** As Fulcio's CORS: simple requests from any origin get the origin back, never credentials. */
    @Test
    void readsFromAnyOriginCarryTheAllowOriginHeader() {
        given().header("Origin", "https://any.example").get("/api/v2/trustBundle").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://any.example")
                .header("Access-Control-Allow-Credentials", not("true"));
        given().get("/api/v2/configuration").then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }

    /**
     * A preflight ends in the CORS filter, before routing: Quarkus labels it {@code /cors-preflight}
     * in HTTP metrics (a fixed value {@code HttpServerLabels} keeps), never with its raw path.
     */
    @Test
    void preflightsHaveOneMetricsLabel() {
        given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                .options("/api/v2/no-such-route-" + System.nanoTime()).then().statusCode(200);
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        String text =
                given().get("http://127.0.0.1:" + port + "/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(text.contains("uri=\"/cors-preflight\""), "preflights are labelled /cors-preflight");
        assertTrue(!text.contains("no-such-route"), "no raw path in any label");
    }
}
