package dev.signet.api.hostile;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Catalogue §G, row G5: with {@code signet.ctlog.embedded.accept-submissions=false} the log refuses
 * every outside submission with 403, while its read API and Signet's own issuance keep working. (A
 * Signet of its own: the setting is read at startup.)
 */
@QuarkusTest
@WithTestResource(value = LogCapacityTestResource.class, initArgs = @ResourceArg(name = LogCapacityTestResource.CLOSED, value = "true"))
class ClosedLogCatalogueTest {

    @Test
    void g5_aLogNotAcceptingSubmissionsRefusesOutsideChainsAndStillIssues() {
        long before = Catalogue.treeSize();
        List<byte[]> precert = LogCapacityCatalogueTest.newChain("g5");
        List<byte[]> certificate = List.of(LogCapacityTestResource.CA.certificate("g5@example.com"),
                LogCapacityTestResource.CA.rootDer());
        for (String path : List.of("/log/ct/v1/add-pre-chain", "/log/ct/v1/add-chain")) {
            List<byte[]> chain = path.endsWith("pre-chain") ? precert : certificate;
            LogCapacityCatalogueTest.post(path, LogCapacityCatalogueTest.body(chain), "192.0.2.50").then()
                    .statusCode(403).contentType("application/json").body("code", equalTo(7))
                    .body("message", equalTo("This log does not accept submissions")).body("details", empty());
        }
        // Refused before the body is read: an unreadable one gets the same answer.
        LogCapacityCatalogueTest.post("/log/ct/v1/add-chain", "{}", "192.0.2.50").then().statusCode(403);
        assertEquals(before, Catalogue.treeSize());

        LogCapacityCatalogueTest.issue();
        assertEquals(before + 1, Catalogue.treeSize());
        given().get("/log/ct/v1/get-roots").then().statusCode(200);
        given().queryParam("start", before).queryParam("end", before)
                .get("/log/ct/v1/get-entries").then().statusCode(200).body("entries", hasSize(1));
    }
}
