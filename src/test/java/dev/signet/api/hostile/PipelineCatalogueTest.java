package dev.signet.api.hostile;

import static dev.signet.api.hostile.Catalogue.v2;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.api.hostile.FakeRemoteLogResource.Mode;
import dev.signet.testing.Fixture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Catalogue §2 E1 over the v2 REST API with a remote log that misbehaves: down, silent past the
 * deadline, or answering with a bad SCT. Every case is 500 with Fulcio's CT message within the
 * deadline and no certificate; an honest log gives a certificate. (E2 HSM, E3 lint and E4 rate
 * limits are covered by those features' own tests; E5 by {@code LeafProfileTest}.) E6: the trusted
 * root names the configured public URL whatever Host a request carries.
 */
@QuarkusTest
@WithTestResource(HostileIssuersTestResource.class)
@WithTestResource(FakeRemoteLogResource.class)
@WithTestResource(PublicUrlTestResource.class)
class PipelineCatalogueTest extends AgainstHostileIssuers {
    static final String CT_ERROR = "Error entering certificate in CTL";

    @Fixture(FakeRemoteLogResource.CONTROL)
    FakeRemoteLogResource.Control log;

    @AfterEach
    void honestAgain() {
        log.mode(Mode.HONEST);
    }

    /**
     * The answer is 500 with the CT message and the log was asked. No wall-clock bound: a silent log
     * never answers, so an answer at all proves Signet's deadline cut the call (a Signet without one
     * would leave the request to RestAssured's own timeout, quarkus.http.test-timeout, and fail).
     */
    void failsClosed(Mode mode) {
        log.mode(mode);
        int before = log.submissions();
        v2(good().sign()).get().statusCode(500).contentType("application/json")
                .body("code", equalTo(13)).body("message", equalTo(CT_ERROR)).body("details", empty())
                .body("signedCertificateEmbeddedSct", nullValue()).body("signedCertificateDetachedSct", nullValue());
        assertTrue(log.submissions() > before, "the precertificate was submitted");
    }

    @Test
    void e1_anHonestLogGivesACertificate() {
        v2(good().sign()).get().statusCode(200).body("signedCertificateEmbeddedSct.chain.certificates",
                org.hamcrest.Matchers.hasSize(2));
    }

    @Test
    void e1_aLogThatIsDownFailsClosed() {
        failsClosed(Mode.DOWN);
    }

    @Test
    void e1_aSilentLogIsCutAtTheDeadline() {
        failsClosed(Mode.SILENT);
    }

    @Test
    void e1_anSctSignedByAnotherKeyFailsClosed() {
        failsClosed(Mode.OTHER_KEY);
    }

    @Test
    void e1_anSctWithAnotherLogIdFailsClosed() {
        failsClosed(Mode.OTHER_LOG_ID);
    }

    @Test
    void e1_anSctOverOtherDataFailsClosed() {
        failsClosed(Mode.OVER_OTHER_DATA);
    }

    @Test
    void e1_anHourOldSctFailsClosed() {
        failsClosed(Mode.HOUR_OLD);
    }

    @Test
    void e6_theTrustedRootNamesThePublicUrlNotTheHostHeader() {
        for (String host : new String[] {"evil.example", "evil.example:443", null}) {
            io.restassured.specification.RequestSpecification request = io.restassured.RestAssured.given();
            if (host != null) {
                request.header("Host", host);
            }
            String body = request.get("/api/v2/trustedRoot").then().statusCode(200)
                    .body("certificateAuthorities.uri", org.hamcrest.Matchers.everyItem(
                            equalTo(PublicUrlTestResource.PUBLIC_URL)))
                    .extract().asString();
            assertTrue(!body.contains("evil.example"), "the Host header reached the trusted root: " + body);
        }
    }
}
