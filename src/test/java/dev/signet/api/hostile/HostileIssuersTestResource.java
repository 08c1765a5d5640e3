package dev.signet.api.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.testing.TestOidcIssuer;
import dev.signet.testing.Fixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The issuers the hostile-input catalogue needs, each a real loopback OIDC issuer that counts the
 * requests it receives, with one misbehaviour each so a test never disturbs another's cache: a
 * well-behaved email issuer, redirecting ones, a misnamed one, slow ones, one that goes down, one
 * for kid floods, one whose keys must stay cached, one with an issuer claim, one per workload type,
 * and a meta issuer pattern that can never be fetched.
 */
public class HostileIssuersTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String URI_DOMAIN = "http://127.0.0.1";
    public static final String USERNAME_DOMAIN = "127.0.0.1";
    public static final String TRUST_DOMAIN = "example.org";
    /**
     * A meta issuer pattern on loopback: its discovery is refused before any connection (private
     * addresses are not allowed here), so any number of matching {@code iss} values cost no I/O.
     */
    public static final String META_PATTERN = "https://localhost/meta/*";
    /** The claim {@link #EMAIL_CLAIM} records as the certificate's issuer. */
    public static final String ISSUER_CLAIM = "$.federated_claims.connector_id";

    /** A well-behaved email issuer. */
    public static final String EMAIL = "hostile.email";
    /** Discovery answers 302 to {@link #ELSEWHERE}. */
    public static final String REDIRECTING = "hostile.redirecting";
    /** The JWKS answers 302 to {@link #ELSEWHERE}. */
    public static final String JWKS_REDIRECTING = "hostile.jwksRedirecting";
    /** Another host that must never be asked; not configured. */
    public static final String ELSEWHERE = "hostile.elsewhere";
    /** Discovery names another issuer. */
    public static final String MISNAMED = "hostile.misnamed";
    /** Every body dribbled, 16 bytes per interval. */
    public static final String SLOW = "hostile.slow";
    /** Discovery at once, its {@code jwks_uri} on {@link #SLOW}'s dribbled JWKS. */
    public static final String SLOW_JWKS = "hostile.slowJwks";
    /**
     * Dribbles like {@link #SLOW}; only the test of requests held by a slow fetch uses it, so no earlier
     * fetch has started its refresh interval.
     */
    public static final String HELD = "hostile.held";
    /** Taken down by the outage test once its keys are cached. */
    public static final String OUTAGE = "hostile.outage";
    /** Receives floods of unknown kids. */
    public static final String FLOOD = "hostile.flood";
    /** Its JWKS is over the 1 MiB document cap. */
    public static final String BLOATED = "hostile.bloated";
    /** Type uri, SubjectDomain {@link #URI_DOMAIN}. */
    public static final String URI = "hostile.uri";
    /** Type username, SubjectDomain {@link #USERNAME_DOMAIN}. */
    public static final String USERNAME = "hostile.username";
    /** Type spiffe, trust domain {@link #TRUST_DOMAIN}. */
    public static final String SPIFFE = "hostile.spiffe";
    /** Type github-workflow. */
    public static final String GITHUB = "hostile.github";
    /** An email issuer whose keys must survive floods of meta issuers; only the test of that counts on it. */
    public static final String STEADY = "hostile.steady";
    /** An email issuer with IssuerClaim {@link #ISSUER_CLAIM}. */
    public static final String EMAIL_CLAIM = "hostile.emailClaim";

    private TestOidcIssuer email;
    private TestOidcIssuer redirecting;
    private TestOidcIssuer jwksRedirecting;
    private TestOidcIssuer elsewhere;
    private TestOidcIssuer misnamed;
    private TestOidcIssuer slow;
    private TestOidcIssuer slowJwks;
    private TestOidcIssuer held;
    private TestOidcIssuer outage;
    private TestOidcIssuer flood;
    private TestOidcIssuer bloated;
    private TestOidcIssuer uri;
    private TestOidcIssuer username;
    private TestOidcIssuer spiffe;
    private TestOidcIssuer github;
    private TestOidcIssuer steady;
    private TestOidcIssuer emailClaim;

    private final List<TestOidcIssuer> started = new ArrayList<>();
    private Path identityFile;

    @Override
    public Map<String, String> start() {
        email = started(new TestOidcIssuer().start());
        elsewhere = started(new TestOidcIssuer().start());
        redirecting = started(new TestOidcIssuer().start());
        redirecting.redirectDiscoveryTo(elsewhere.url() + TestOidcIssuer.DISCOVERY_PATH);
        jwksRedirecting = started(new TestOidcIssuer().start());
        jwksRedirecting.redirectJwksTo(elsewhere.url() + TestOidcIssuer.JWKS_PATH);
        misnamed = started(new TestOidcIssuer().start());
        misnamed.discoveryIssuer("https://accounts.example.com");
        slow = started(new TestOidcIssuer().start());
        slow.dribble(Duration.ofMillis(300));
        slowJwks = started(new TestOidcIssuer().start());
        slowJwks.jwksUri(slow.url() + TestOidcIssuer.JWKS_PATH);
        held = started(new TestOidcIssuer().start());
        held.dribble(Duration.ofMillis(300));
        outage = started(new TestOidcIssuer().start());
        flood = started(new TestOidcIssuer().start());
        bloated = started(new TestOidcIssuer().start());
        bloated.padJwks(2 * 1024 * 1024);
        uri = started(new TestOidcIssuer().start());
        username = started(new TestOidcIssuer().start());
        spiffe = started(new TestOidcIssuer().start());
        github = started(new TestOidcIssuer().start());
        steady = started(new TestOidcIssuer().start());
        emailClaim = started(new TestOidcIssuer().start());

        ObjectNode root = new ObjectMapper().createObjectNode();
        ObjectNode issuers = root.putObject("OIDCIssuers");
        for (TestOidcIssuer issuer : List.of(email, redirecting, jwksRedirecting, misnamed, slow, slowJwks, outage,
                flood, bloated, steady, held)) {
            issuer(issuers, issuer, "email");
        }
        issuer(issuers, uri, "uri").put("SubjectDomain", URI_DOMAIN);
        issuer(issuers, username, "username").put("SubjectDomain", USERNAME_DOMAIN);
        issuer(issuers, spiffe, "spiffe").put("SPIFFETrustDomain", TRUST_DOMAIN);
        issuer(issuers, github, "github-workflow");
        issuer(issuers, emailClaim, "email").put("IssuerClaim", ISSUER_CLAIM);
        root.putObject("MetaIssuers").putObject(META_PATTERN)
                .put("ClientID", TestOidcIssuer.DEFAULT_AUDIENCE).put("Type", "email");
        try {
            identityFile = Files.createTempFile("signet-hostile-identity", ".json");
            Files.writeString(identityFile, root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "signet.identity.config", identityFile.toString(),
                "signet.oidc.fetch-timeout", "2s",
                "signet.oidc.min-refresh-interval", "1s");
    }

    private TestOidcIssuer started(TestOidcIssuer issuer) {
        started.add(issuer);
        return issuer;
    }

    private static ObjectNode issuer(ObjectNode issuers, TestOidcIssuer issuer, String type) {
        ObjectNode node = issuers.putObject(issuer.url());
        node.put("IssuerURL", issuer.url());
        node.put("ClientID", TestOidcIssuer.DEFAULT_AUDIENCE);
        node.put("Type", type);
        return node;
    }

    @Override
    public void inject(TestInjector injector) {
        Fixtures.inject(injector, Map.ofEntries(
                Map.entry(EMAIL, email),
                Map.entry(REDIRECTING, redirecting),
                Map.entry(JWKS_REDIRECTING, jwksRedirecting),
                Map.entry(ELSEWHERE, elsewhere),
                Map.entry(MISNAMED, misnamed),
                Map.entry(SLOW, slow),
                Map.entry(SLOW_JWKS, slowJwks),
                Map.entry(HELD, held),
                Map.entry(OUTAGE, outage),
                Map.entry(FLOOD, flood),
                Map.entry(BLOATED, bloated),
                Map.entry(URI, uri),
                Map.entry(USERNAME, username),
                Map.entry(SPIFFE, spiffe),
                Map.entry(GITHUB, github),
                Map.entry(STEADY, steady),
                Map.entry(EMAIL_CLAIM, emailClaim)));
    }

    @Override
    public void stop() {
        started.forEach(TestOidcIssuer::close);
        try {
            Files.deleteIfExists(identityFile);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
