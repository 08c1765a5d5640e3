package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.testing.OidcIssuersTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InactiveBeanException;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The default local log storage needs no database: the shared log's datasource is inactive, so
 * Signet starts (this test runs at all) without one, and its readiness does not depend on one.
 */
@QuarkusTest
// Not used here: it puts this test on the same application as the other default-profile tests with
// these issuers, which saves a Quarkus boot (one per distinct profile and set of test resources).
@WithTestResource(OidcIssuersTestResource.class)
class LocalLogNoDatabaseTest {

    @Inject
    @DataSource("ctlog")
    InjectableInstance<AgroalDataSource> logDatabase;

    @Inject
    ConfiguredLog logs;

    @Test
    void theLogDatasourceIsInactiveAndTheLogIsLocal() {
        assertFalse(logDatabase.getHandle().getBean().isActive());
        assertThrows(InactiveBeanException.class, () -> logDatabase.get().getConnection());
        assertFalse(logs.log(EmbeddedLog.class).orElseThrow().isShared());

        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        Response ready = given().get("http://127.0.0.1:" + port + "/q/health/ready").then().extract().response();
        assertEquals(200, ready.statusCode(), ready.asString());
        assertFalse(ready.asString().contains("\"ctlog\": \"UP\""), "no datasource is checked: " + ready.asString());
    }
}
