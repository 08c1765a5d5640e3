package dev.signet.api.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.testing.TestOidcIssuer;
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
    public static volatile TestOidcIssuer EMAIL;
    /** Discovery answers 302 to {@link #ELSEWHERE}. */
    public static volatile TestOidcIssuer REDIRECTING;
    /** The JWKS answers 302 to {@link #ELSEWHERE}. */
    public static volatile TestOidcIssuer JWKS_REDIRECTING;
    /** Another host that must never be asked; not configured. */
    public static volatile TestOidcIssuer ELSEWHERE;
    /** Discovery names another issuer. */
    public static volatile TestOidcIssuer MISNAMED;
    /** Every body dribbled, 16 bytes per interval. */
    public static volatile TestOidcIssuer SLOW;
    /** Discovery at once, its {@code jwks_uri} on {@link #SLOW}'s dribbled JWKS. */
    public static volatile TestOidcIssuer SLOW_JWKS;
    /** Taken down by the outage test once its keys are cached. */
    public static volatile TestOidcIssuer OUTAGE;
    /** Receives floods of unknown kids. */
    public static volatile TestOidcIssuer FLOOD;
    /** Its JWKS is over the 1 MiB document cap. */
    public static volatile TestOidcIssuer BLOATED;
    /** Type uri, SubjectDomain {@link #URI_DOMAIN}. */
    public static volatile TestOidcIssuer URI;
    /** Type username, SubjectDomain {@link #USERNAME_DOMAIN}. */
    public static volatile TestOidcIssuer USERNAME;
    /** Type spiffe, trust domain {@link #TRUST_DOMAIN}. */
    public static volatile TestOidcIssuer SPIFFE;
    /** Type github-workflow. */
    public static volatile TestOidcIssuer GITHUB;
    /** An email issuer whose keys must survive floods of meta issuers; only the test of that counts on it. */
    public static volatile TestOidcIssuer STEADY;
    /** An email issuer with IssuerClaim {@link #ISSUER_CLAIM}. */
    public static volatile TestOidcIssuer EMAIL_CLAIM;

    private final List<TestOidcIssuer> started = new ArrayList<>();
    private Path identityFile;

    @Override
    public Map<String, String> start() {
        EMAIL = started(new TestOidcIssuer().start());
        ELSEWHERE = started(new TestOidcIssuer().start());
        REDIRECTING = started(new TestOidcIssuer().start());
        REDIRECTING.redirectDiscoveryTo(ELSEWHERE.url() + TestOidcIssuer.DISCOVERY_PATH);
        JWKS_REDIRECTING = started(new TestOidcIssuer().start());
        JWKS_REDIRECTING.redirectJwksTo(ELSEWHERE.url() + TestOidcIssuer.JWKS_PATH);
        MISNAMED = started(new TestOidcIssuer().start());
        MISNAMED.discoveryIssuer("https://accounts.example.com");
        SLOW = started(new TestOidcIssuer().start());
        SLOW.dribble(Duration.ofMillis(300));
        SLOW_JWKS = started(new TestOidcIssuer().start());
        SLOW_JWKS.jwksUri(SLOW.url() + TestOidcIssuer.JWKS_PATH);
        OUTAGE = started(new TestOidcIssuer().start());
        FLOOD = started(new TestOidcIssuer().start());
        BLOATED = started(new TestOidcIssuer().start());
        BLOATED.padJwks(2 * 1024 * 1024);
        URI = started(new TestOidcIssuer().start());
        USERNAME = started(new TestOidcIssuer().start());
        SPIFFE = started(new TestOidcIssuer().start());
        GITHUB = started(new TestOidcIssuer().start());
        STEADY = started(new TestOidcIssuer().start());
        EMAIL_CLAIM = started(new TestOidcIssuer().start());

        ObjectNode root = new ObjectMapper().createObjectNode();
        ObjectNode issuers = root.putObject("OIDCIssuers");
        for (TestOidcIssuer issuer : List.of(EMAIL, REDIRECTING, JWKS_REDIRECTING, MISNAMED, SLOW, SLOW_JWKS, OUTAGE,
                FLOOD, BLOATED, STEADY)) {
            issuer(issuers, issuer, "email");
        }
        issuer(issuers, URI, "uri").put("SubjectDomain", URI_DOMAIN);
        issuer(issuers, USERNAME, "username").put("SubjectDomain", USERNAME_DOMAIN);
        issuer(issuers, SPIFFE, "spiffe").put("SPIFFETrustDomain", TRUST_DOMAIN);
        issuer(issuers, GITHUB, "github-workflow");
        issuer(issuers, EMAIL_CLAIM, "email").put("IssuerClaim", ISSUER_CLAIM);
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
    public void stop() {
        started.forEach(TestOidcIssuer::close);
        try {
            Files.deleteIfExists(identityFile);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
