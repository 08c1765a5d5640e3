package dev.signet.api.hostile;

import static dev.signet.api.hostile.Catalogue.EMAIL;
import static dev.signet.api.hostile.Catalogue.tokenRefused;

import dev.signet.testing.Fixture;
import dev.signet.testing.TestOidcIssuer;
import java.util.List;

/**
 * A catalogue test run against {@link HostileIssuersTestResource}: its issuers, injected into these
 * fields for each test instance, and the catalogue rows that need them.
 */
abstract class AgainstHostileIssuers {
    @Fixture(HostileIssuersTestResource.EMAIL)
    TestOidcIssuer email;
    @Fixture(HostileIssuersTestResource.REDIRECTING)
    TestOidcIssuer redirecting;
    @Fixture(HostileIssuersTestResource.JWKS_REDIRECTING)
    TestOidcIssuer jwksRedirecting;
    @Fixture(HostileIssuersTestResource.ELSEWHERE)
    TestOidcIssuer elsewhere;
    @Fixture(HostileIssuersTestResource.MISNAMED)
    TestOidcIssuer misnamed;
    @Fixture(HostileIssuersTestResource.SLOW)
    TestOidcIssuer slow;
    @Fixture(HostileIssuersTestResource.SLOW_JWKS)
    TestOidcIssuer slowJwks;
    @Fixture(HostileIssuersTestResource.HELD)
    TestOidcIssuer held;
    @Fixture(HostileIssuersTestResource.OUTAGE)
    TestOidcIssuer outage;
    @Fixture(HostileIssuersTestResource.FLOOD)
    TestOidcIssuer flood;
    @Fixture(HostileIssuersTestResource.BLOATED)
    TestOidcIssuer bloated;
    @Fixture(HostileIssuersTestResource.URI)
    TestOidcIssuer uri;
    @Fixture(HostileIssuersTestResource.USERNAME)
    TestOidcIssuer username;
    @Fixture(HostileIssuersTestResource.SPIFFE)
    TestOidcIssuer spiffe;
    @Fixture(HostileIssuersTestResource.GITHUB)
    TestOidcIssuer github;
    @Fixture(HostileIssuersTestResource.STEADY)
    TestOidcIssuer steady;
    @Fixture(HostileIssuersTestResource.EMAIL_CLAIM)
    TestOidcIssuer emailClaim;

    /** A valid token for {@link Catalogue#EMAIL} from the well-behaved issuer; rows spoil one thing in it. */
    TestOidcIssuer.TokenBuilder good() {
        return email.token().email(EMAIL).emailVerified(true);
    }

    /** As {@link Catalogue#tokenRefused(String)}, and no loopback issuer received any request meanwhile. */
    void tokenRefusedWithoutOutbound(String token) {
        Catalogue.Outbound outbound = outbound();
        tokenRefused(token);
        outbound.assertNone();
    }

    /** The request counts of every issuer of the resource, to compare with later. */
    Catalogue.Outbound outbound() {
        return Catalogue.Outbound.snapshot(List.of(email, redirecting, jwksRedirecting, elsewhere, misnamed, slow,
                slowJwks, held, outage, flood, bloated, uri, username, spiffe, github, steady, emailClaim));
    }
}
