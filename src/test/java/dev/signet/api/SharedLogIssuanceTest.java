package dev.signet.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.ctlog.ConfiguredLog;
import dev.signet.ctlog.embedded.EmbeddedLog;
import dev.signet.testing.ClientKey;
import dev.signet.testing.EmbeddedSctAssertions;
import dev.signet.testing.Fixture;
import dev.signet.testing.LeafAssertions;
import dev.signet.testing.OidcIssuersTestResource;
import dev.signet.testing.PostgresDatabase;
import dev.signet.testing.SharedLogTestResource;
import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Signet with {@code signet.ctlog.embedded.storage=postgresql} on a fresh schema, which Flyway
 * migrates at start: a certificate is issued with its SCT, and the log's checkpoint and tiles are
 * served from the database's tables.
 */
@QuarkusTest
@WithTestResource(OidcIssuersTestResource.class)
@WithTestResource(SharedLogTestResource.class)
@EnabledIf(value = "dev.signet.testing.PostgresDatabase#usableOrRequired", disabledReason = "PostgreSQL is not reachable")
class SharedLogIssuanceTest {
    @Fixture(OidcIssuersTestResource.ISSUER)
    TestOidcIssuer issuer;

    @Inject
    ConfiguredLog logs;

    @Test
    void issuesACertificateLoggedInPostgresqlAndServesTheLogFromIt() throws Exception {
        PostgresDatabase.assumeAvailable();
        EmbeddedLog log = logs.log(EmbeddedLog.class).orElseThrow();
        assertTrue(log.isShared());
        assertEquals("signet.test/log", log.origin(), "the origin follows signet.public-url");

        List<String> pems =
                given().contentType("application/json").body(LogModes.v2Body(issuer, ClientKey.ec("secp256r1")))
                        .post("/api/v2/signingCert").then().statusCode(200).extract().jsonPath()
                        .getList("signedCertificateEmbeddedSct.chain.certificates");
        List<X509Certificate> chain = new ArrayList<>();
        for (String pem : pems) {
            chain.addAll(LeafAssertions.parsePem(pem));
        }
        long index = EmbeddedSctAssertions.assertEmbeddedSct(chain.get(0), chain.get(1), log);

        String checkpoint = given().get("/log/checkpoint").then().statusCode(200).extract().asString();
        assertEquals(stateRow(), checkpoint, "the checkpoint served is the database's");
        assertTrue(checkpoint.startsWith("signet.test/log\n" + (index + 1) + "\n"), checkpoint);
        given().get("/log/tile/data/000.p/" + (index + 1)).then().statusCode(200);
    }

    @Test
    void whileTheLogsTablesAreUnusableSigningAnswers503AndReadinessIsDownThenBothRecover() throws Exception {
        PostgresDatabase.assumeAvailable();
        assertEquals(200, readiness().statusCode());
        execute("ALTER TABLE ctlog_state RENAME TO ctlog_state_away");
        try {
            Response refused =
                    given().contentType("application/json").body(LogModes.v2Body(issuer, ClientKey.ec("secp256r1")))
                            .post("/api/v2/signingCert").then().extract().response();
            assertEquals(503, refused.statusCode(), refused.asString());
            assertEquals(14, refused.jsonPath().getInt("code"), "gRPC UNAVAILABLE: retry later");
            Response down = readiness();
            assertEquals(503, down.statusCode(), down.asString());
        } finally {
            execute("ALTER TABLE ctlog_state_away RENAME TO ctlog_state");
        }
        assertEquals(200, readiness().statusCode(), readiness().asString());
        given().contentType("application/json").body(LogModes.v2Body(issuer, ClientKey.ec("secp256r1")))
                .post("/api/v2/signingCert").then().statusCode(200);
    }

    @Test
    void afterTheDatabaseEndsEverySessionIssuanceRecoversByItself() throws Exception {
        PostgresDatabase.assumeAvailable();
        given().contentType("application/json").body(LogModes.v2Body(issuer, ClientKey.ec("secp256r1")))
                .post("/api/v2/signingCert").then().statusCode(200);
        String schema = ConfigProvider.getConfig().getValue("test.shared-log.schema", String.class);
        assertTrue(PostgresDatabase.terminateSessions(schema) > 0, "Signet's pooled sessions were ended");
        List<Integer> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            int status =
                    given().contentType("application/json").body(LogModes.v2Body(issuer, ClientKey.ec("secp256r1")))
                            .post("/api/v2/signingCert").then().extract().statusCode();
            answers.add(status);
            return status == 200;
        });
        assertTrue(answers.stream().allMatch(status -> status == 200 || status == 503),
                "a lost session is retry later, never a 500: " + answers);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> readiness().statusCode() == 200);
    }

    private static Response readiness() {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return given().get("http://127.0.0.1:" + port + "/q/health/ready").then().extract().response();
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String stateRow() throws Exception {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT checkpoint FROM ctlog_state WHERE id = 1")) {
            assertTrue(row.next());
            return row.getString(1);
        }
    }

    private static PGSimpleDataSource dataSource() {
        return PostgresDatabase.dataSource(ConfigProvider.getConfig().getValue("test.shared-log.schema", String.class));
    }
}
