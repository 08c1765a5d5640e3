package dev.signet.ctlog.embedded.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.signet.testing.NoLogProfile;
import dev.signet.testing.OidcIssuersTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With no embedded log configured, nothing under /log is served. */
@QuarkusTest
@TestProfile(NoLogProfile.class)
// Not used here: shared with the other NoLogProfile tests so they all run on one application.
@WithTestResource(OidcIssuersTestResource.class)
class LogNotEmbeddedTest {

    @Test
    void everyLogPathIs404() {
        for (String path : List.of("ct/v1/get-sth", "ct/v1/get-roots", "ct/v1/get-entries?start=0&end=0",
                "ct/v1/get-sth-consistency?first=1&second=1", "ct/v1/get-proof-by-hash?hash=x&tree_size=1",
                "ct/v1/get-entry-and-proof?leaf_index=0&tree_size=1", "checkpoint", "tile/0/000", "tile/data/000",
                "issuer/" + "0".repeat(64), "public-key", "info")) {
            given().get("/log/" + path).then().statusCode(404).contentType("application/json")
                    .body("code", equalTo(5)).body("message", equalTo("Not Found"));
        }
        for (String path : List.of("ct/v1/add-chain", "ct/v1/add-pre-chain")) {
            given().contentType("application/json").body("{\"chain\":[\"AQI=\"]}").post("/log/" + path)
                    .then().statusCode(404).body("code", equalTo(5));
        }
    }
}
