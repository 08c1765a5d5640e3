package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.MutableClock;
import dev.signet.testing.SelfSignedTls;
import dev.signet.testing.TestOidcIssuer;
import dev.signet.testing.TestOidcIssuerExtension;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching discovery and JWKS for meta issuers (public addresses only, pinned, https, same-origin
 * jwks_uri), per-issuer CACert, and the in-cluster Kubernetes token and CA.
 */
@ExtendWith(TestOidcIssuerExtension.class)
class OutboundSafetyTest {

    private static Vertx vertx;
    private TestOidcIssuer issuer;
    private TokenVerifier verifier;

    @TempDir
    Path dir;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    @BeforeEach
    void startIssuer(@TestOidcIssuerExtension.Tls TestOidcIssuer issuer) {
        this.issuer = issuer;
    }

    @AfterEach
    void stop() {
        if (verifier != null) {
            verifier.close();
        }
    }

    private VerifiedToken verify(TestOidcConfig config, OidcIssuerSettings settings) {
        if (verifier != null) {
            verifier.close();
        }
        verifier = new TokenVerifier(config, vertx, new MutableClock());
        String token = issuer.token().issuer(settings.issuerUrl()).sign();
        return verifier.verify(UnverifiedToken.parse(token, 16384), settings);
    }

    private SignetException refused(TestOidcConfig config, OidcIssuerSettings settings) {
        return assertThrows(SignetException.class, () -> verify(config, settings));
    }

    private OidcIssuerSettings meta(String url) {
        return new OidcIssuerSettings(url, "sigstore", true, Optional.of(issuer.caCertPem()));
    }

    @Test
    void metaIssuerOnLoopbackIsRefusedWithoutAnyConnection() {
        TestOidcConfig config = TestOidcConfig.defaults();
        for (String url : List.of(issuer.url(), "https://127.0.0.1:" + issuer.port(), "https://[::1]:" + issuer.port(),
                "https://[::ffff:127.0.0.1]:" + issuer.port())) {
            SignetException e = refused(config, meta(url));
            assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind(), url);
        }
        // Legacy numeric spellings: refused as loopback, or at worst unresolvable; never fetched.
        refused(config, meta("https://127.1:" + issuer.port()));
        refused(config, meta("https://2130706433:" + issuer.port()));
        assertEquals(0, issuer.requestCount(), "no request reached the issuer");
    }

    @Test
    void allowPrivateAddressesLetsAMetaIssuerOnLoopbackWork() {
        VerifiedToken verified = verify(TestOidcConfig.defaults().withAllowPrivateAddresses(true), meta(issuer.url()));
        assertEquals(issuer.url(), verified.issuer());
        assertEquals(1, issuer.discoveryRequests());
        assertEquals(1, issuer.jwksRequests());
    }

    @Test
    void metaIssuerConnectsToTheAddressItCheckedWithoutASecondLookup() {
        // Only the test resolver knows this name: Vert.x resolving it again would fail.
        List<String> lookups = new CopyOnWriteArrayList<>();
        AddressPolicy.Resolver resolver = host -> {
            lookups.add(host);
            if (!host.equals(SelfSignedTls.TEST_HOST)) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
        };
        issuer.urlHost(SelfSignedTls.TEST_HOST);
        verifier = new TokenVerifier(TestOidcConfig.defaults().withAllowPrivateAddresses(true), vertx,
                new MutableClock(), resolver);
        OidcIssuerSettings settings = meta(issuer.url());
        VerifiedToken verified = verifier.verify(UnverifiedToken.parse(issuer.token().sign(), 16384), settings);
        assertEquals(issuer.url(), verified.issuer());
        assertEquals(List.of(SelfSignedTls.TEST_HOST, SelfSignedTls.TEST_HOST), lookups, "one lookup per fetch");
        assertEquals(1, issuer.jwksRequests());

        verifier.close();
        verifier = new TokenVerifier(TestOidcConfig.defaults(), vertx, new MutableClock(), resolver);
        SignetException e = assertThrows(SignetException.class, () -> verifier.verify(
                UnverifiedToken.parse(issuer.token().sign(), 16384), settings));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind(), "the checked address is loopback");
        assertEquals(1, issuer.jwksRequests());
    }

    @Test
    void staticIssuersMayBePrivate() {
        OidcIssuerSettings settings = new OidcIssuerSettings(issuer.url(), "sigstore", false,
                Optional.of(issuer.caCertPem()));
        assertEquals(issuer.url(), verify(TestOidcConfig.defaults(), settings).issuer());
    }

    @Test
    void metaIssuerMustUseHttps(TestOidcIssuer plain) {
        TokenVerifier v = new TokenVerifier(TestOidcConfig.defaults().withAllowPrivateAddresses(true), vertx,
                new MutableClock());
        try {
            String token = plain.token().sign();
            SignetException e = assertThrows(SignetException.class, () -> v.verify(
                    UnverifiedToken.parse(token, 16384),
                    new OidcIssuerSettings(plain.url(), "sigstore", true, Optional.empty())));
            assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
            assertEquals(0, plain.requestCount());
        } finally {
            v.close();
        }
    }

    @Test
    void metaJwksUriOnAnotherHostIsRefusedUnfetched() {
        // Same server, other host name: only the origin differs.
        issuer.jwksUri("https://127.0.0.1:" + issuer.port() + TestOidcIssuer.JWKS_PATH);
        SignetException e = refused(TestOidcConfig.defaults().withAllowPrivateAddresses(true), meta(issuer.url()));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
        assertEquals(1, issuer.discoveryRequests());
        assertEquals(0, issuer.jwksRequests());

        issuer.jwksUri(issuer.url().replace("https:", "http:") + TestOidcIssuer.JWKS_PATH);
        refused(TestOidcConfig.defaults().withAllowPrivateAddresses(true), meta(issuer.url()));
        assertEquals(0, issuer.jwksRequests());
    }

    @Test
    void staticJwksUriOnAnotherHostIsFine() {
        issuer.jwksUri("https://127.0.0.1:" + issuer.port() + TestOidcIssuer.JWKS_PATH);
        OidcIssuerSettings settings = new OidcIssuerSettings(issuer.url(), "sigstore", false,
                Optional.of(issuer.caCertPem()));
        assertEquals(issuer.url(), verify(TestOidcConfig.defaults(), settings).issuer());
        assertEquals(1, issuer.jwksRequests());
    }

    @Test
    void caCertIsTrustedOnlyForTheIssuerThatSetsIt() {
        SignetException untrusted =
                refused(TestOidcConfig.defaults(), new OidcIssuerSettings(issuer.url(), "sigstore"));
        assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, untrusted.kind());
        assertEquals(0, issuer.requestCount(), "the TLS handshake failed before any request");

        String otherCa = SelfSignedTls.create().certificatePem();
        SignetException wrongCa = refused(TestOidcConfig.defaults(),
                new OidcIssuerSettings(issuer.url(), "sigstore", false, Optional.of(otherCa)));
        assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, wrongCa.kind());

        OidcIssuerSettings trusted = new OidcIssuerSettings(issuer.url(), "sigstore", false,
                Optional.of(issuer.caCertPem()));
        assertEquals(issuer.url(), verify(TestOidcConfig.defaults(), trusted).issuer());
    }

    @Test
    void inClusterIssuerGetsTheClusterCaAndTheTokenOnItsOwnHostOnly() throws IOException {
        TestOidcConfig config = inCluster("first-token");
        // The JWKS lives on the same server under another host name: not the API server's origin.
        issuer.jwksUri("https://127.0.0.1:" + issuer.port() + TestOidcIssuer.JWKS_PATH);
        assertEquals(issuer.url(), verify(config, new OidcIssuerSettings(issuer.url(), "sigstore")).issuer());
        assertEquals(List.of("Bearer first-token"), issuer.authorizations(TestOidcIssuer.DISCOVERY_PATH));
        assertEquals(List.of(""), issuer.authorizations(TestOidcIssuer.JWKS_PATH), "never to another host");
    }

    @Test
    void inClusterTokenIsReadPerFetchAndSentToSameHostJwks() throws IOException {
        TestOidcConfig config = inCluster("first-token");
        verify(config, new OidcIssuerSettings(issuer.url(), "sigstore"));
        assertEquals(List.of("Bearer first-token"), issuer.authorizations(TestOidcIssuer.JWKS_PATH));

        Files.writeString(dir.resolve("token"), "rotated-token\n");
        verify(config, new OidcIssuerSettings(issuer.url(), "sigstore"));
        assertEquals(List.of("Bearer first-token", "Bearer rotated-token"),
                issuer.authorizations(TestOidcIssuer.DISCOVERY_PATH));
    }

    @Test
    void inClusterTokenIsNotSentOnRedirects() throws IOException {
        TestOidcConfig config = inCluster("first-token");
        issuer.redirectDiscoveryTo(issuer.url() + TestOidcIssuer.DISCOVERY_COPY_PATH);
        verify(config, new OidcIssuerSettings(issuer.url(), "sigstore"));
        assertEquals(List.of("Bearer first-token"), issuer.authorizations(TestOidcIssuer.DISCOVERY_PATH));
        assertEquals(List.of(""), issuer.authorizations(TestOidcIssuer.DISCOVERY_COPY_PATH));
    }

    @Test
    void metaIssuersNeverGetTheTokenOrTheClusterCa() throws IOException {
        TestOidcConfig config = inCluster("first-token").withAllowPrivateAddresses(true);
        SignetException e = refused(config, new OidcIssuerSettings(issuer.url(), "sigstore", true, Optional.empty()));
        assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, e.kind(), "cluster CA not trusted for a meta issuer");

        verify(config, meta(issuer.url()));
        assertEquals(List.of(""), issuer.authorizations(TestOidcIssuer.DISCOVERY_PATH));
        assertEquals(List.of(""), issuer.authorizations(TestOidcIssuer.JWKS_PATH));
    }

    @Test
    void otherStaticIssuersNeverGetTheToken() throws IOException {
        TestOidcConfig config = inCluster("first-token");
        try (TestOidcIssuer other = new TestOidcIssuer().startTls()) {
            TokenVerifier v = new TokenVerifier(config, vertx, new MutableClock());
            try {
                v.verify(UnverifiedToken.parse(other.token().sign(), 16384),
                        new OidcIssuerSettings(other.url(), "sigstore", false, Optional.of(other.caCertPem())));
            } finally {
                v.close();
            }
            assertEquals(List.of(""), other.authorizations(TestOidcIssuer.DISCOVERY_PATH));
            assertEquals(List.of(""), other.authorizations(TestOidcIssuer.JWKS_PATH));
        }
    }

    @Test
    void fetchClientsAreSharedPerTrustAndBounded() {
        FetchClients clients = new FetchClients(vertx, Duration.ofSeconds(1));
        try {
            String pem = issuer.caCertPem();
            assertTrue(clients.forTrust(List.of(pem)) == clients.forTrust(List.of(pem)));
            for (int i = 0; i < FetchClients.MAX_CLIENTS + 5; i++) {
                clients.forTrust(List.of(SelfSignedTls.create().certificatePem()));
            }
            assertEquals(FetchClients.MAX_CLIENTS, clients.size());
        } finally {
            clients.close();
        }
    }

    private TestOidcConfig inCluster(String token) throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.crt"), issuer.caCertPem());
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        return TestOidcConfig.defaults().withKubernetes(issuer.url(), ca, tokenFile);
    }
}
