package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestOidcIssuer;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static Vertx vertx;
    private TestOidcIssuer issuer;
    private TokenVerifier verifier;
    private MutableClock clock;
    private OidcIssuerSettings settings;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    @BeforeEach
    void startIssuer() {
        issuer = new TestOidcIssuer().start();
        settings = new OidcIssuerSettings(issuer.url(), "sigstore");
        clock = new MutableClock();
        verifier = newVerifier(TestOidcConfig.defaults());
    }

    @AfterEach
    void stopIssuer() {
        verifier.close();
        issuer.close();
    }

    private TokenVerifier newVerifier(TestOidcConfig config) {
        return new TokenVerifier(config, vertx, clock);
    }

    private VerifiedToken verify(String raw) {
        return verifier.verify(UnverifiedToken.parse(raw, 16384), settings);
    }

    private SignetException rejected(String raw) {
        return assertThrows(SignetException.class, () -> verify(raw));
    }

    private void assertInvalid(String raw) {
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, rejected(raw).kind());
    }

    private void warmCache() {
        verify(issuer.token().sign());
        issuer.resetCounts();
    }

    // ---- valid tokens ----------------------------------------------------------------------

    @Test
    void verifiesRs256AndReturnsTheJacksonClaims() {
        VerifiedToken token = verify(issuer.token().email("alice@example.com").emailVerified(true)
                .claim("groups", List.of("a", "b")).sign());
        assertEquals(issuer.url(), token.issuer());
        assertEquals("test-subject", token.subject());
        assertEquals(Optional.of("alice@example.com"), token.stringClaim("email"));
        assertEquals(Boolean.TRUE, token.claims().get("email_verified"));
        assertEquals(Optional.empty(), token.stringClaim("email_verified"));
        assertEquals(List.of("a", "b"), token.claims().get("groups"));
        assertTrue(token.claims().get("exp") instanceof Long);
        assertEquals(1, issuer.discoveryRequests());
        assertEquals(1, issuer.jwksRequests());
    }

    @Test
    void verifiesEs256AndPs256() {
        assertEquals("test-subject", verify(issuer.token().algorithm("ES256").sign()).subject());
        assertEquals("test-subject", verify(issuer.token().algorithm("PS256").sign()).subject());
        assertEquals(1, issuer.jwksRequests(), "keys are cached");
    }

    @Test
    void verifiesEdDsaWithEd25519Key() throws Exception {
        OctetKeyPairJsonWebKey ed = issuer.addKey(OkpJwkGenerator.generateJwk("Ed25519"));
        ed.setKeyId("ed-1");
        ed.setUse("sig");
        assertEquals("test-subject", verify(issuer.token().algorithm("EdDSA").signWith(ed).sign()).subject());
        OctetKeyPairJsonWebKey stranger = OkpJwkGenerator.generateJwk("Ed25519");
        assertInvalid(issuer.token().algorithm("EdDSA").kid("ed-1").signWith(stranger).sign());
    }

    @Test
    void verifiesTokenWithoutKidByTryingMatchingKeys() {
        assertEquals("test-subject", verify(issuer.token().noKid().sign()).subject());
        assertEquals("test-subject", verify(issuer.token().algorithm("ES256").noKid().sign()).subject());
    }

    @Test
    void acceptsAudienceArrayContainingClientId() {
        assertEquals("test-subject", verify(issuer.token().audience("other", "sigstore").sign()).subject());
    }

    @Test
    void acceptsTrailingSlashIssuerUrlForDiscoveryPath() {
        // The issuer's own URL has no slash; a slash in configuration must still find discovery
        // but then fails the exact issuer comparison, as Fulcio requires.
        settings = new OidcIssuerSettings(issuer.url() + "/", "sigstore");
        assertInvalid(issuer.token().issuer(issuer.url() + "/").sign());
        assertEquals(1, issuer.discoveryRequests());
    }

    @Test
    void verifiesFromVertxWorkerContextWithoutDeadlock() throws Exception {
        String token = issuer.token().sign();
        CompletableFuture<String> subject = new CompletableFuture<>();
        vertx.deployVerticle(new AbstractVerticle() {
            @Override
            public void start() {
                try {
                    subject.complete(verify(token).subject());
                } catch (RuntimeException e) {
                    subject.completeExceptionally(e);
                }
            }
        }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
        assertEquals("test-subject", subject.get(4, TimeUnit.SECONDS));
    }

    @Test
    void refusesToBlockAnEventLoop() throws Exception {
        String token = issuer.token().sign();
        CompletableFuture<ErrorKind> kind = new CompletableFuture<>();
        vertx.runOnContext(ignored -> {
            try {
                verify(token);
                kind.complete(null);
            } catch (SignetException e) {
                kind.complete(e.kind());
            }
        });
        assertEquals(ErrorKind.INTERNAL, kind.get(4, TimeUnit.SECONDS));
    }

    // ---- forged algorithms and signatures --------------------------------------------------

    @Test
    void rejectsAlgNoneWithoutContactingTheIssuer() {
        String none = issuer.token().algorithm("none").sign();
        assertTrue(none.endsWith("."), "an unsigned token");
        assertThrows(SignetException.class, () -> UnverifiedToken.parse(none, 16384));
        assertEquals(0, issuer.requestCount());
    }

    @Test
    void rejectsHs256KeyedWithThePublicKey() {
        byte[] der = issuer.publicRsaKey().getEncoded();
        String pem =
                "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : List.of(der, pem.getBytes(StandardCharsets.US_ASCII))) {
            String forged = issuer.token().algorithm("HS256").kid(issuer.rsaKid()).signWithSecret(secret).sign();
            SignetException e = assertThrows(SignetException.class, () -> verify(forged));
            assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
        }
    }

    @Test
    void rejectsBadSignature() throws Exception {
        RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
        assertInvalid(issuer.token().kid(issuer.rsaKid()).signWith(stranger.getPrivateKey()).sign());
        String good = issuer.token().sign();
        String tampered = good.substring(0, good.lastIndexOf('.') + 1) + "A".repeat(342);
        assertInvalid(tampered);
    }

    @Test
    void rejectsAllZeroEcdsaSignature() {
        String good = issuer.token().algorithm("ES256").sign();
        String zero = good.substring(0, good.lastIndexOf('.') + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        assertInvalid(zero);
    }

    @Test
    void rejectsAlgorithmThatDoesNotFitTheNamedKey() {
        // An RS256 header naming the EC key: the key type pins the algorithm family.
        assertInvalid(issuer.token().algorithm("RS256").kid(issuer.ecKid()).sign());
    }

    @Test
    void rejectsCritHeader() {
        String token = issuer.token().header("crit", List.of("exp")).header("exp", 1).sign();
        assertThrows(SignetException.class, () -> UnverifiedToken.parse(token, 16384));
    }

    @Test
    void ignoresJkuHeader() {
        String token = issuer.token().header("jku", "http://127.0.0.1:1/attacker").kid("attacker-key").sign();
        assertInvalid(token);
        assertEquals(0, issuer.requestCount("/attacker"));
    }

    // ---- claims ----------------------------------------------------------------------------

    @Test
    void rejectsExpiredToken() {
        assertInvalid(issuer.token().issuedAt(Instant.now().minusSeconds(600))
                .expiresAt(Instant.now().minusSeconds(65)).sign());
    }

    @Test
    void acceptsExpiryWithinTheClockSkew() {
        assertEquals("test-subject", verify(issuer.token()
                .issuedAt(Instant.now().minusSeconds(300)).expiresAt(Instant.now().minusSeconds(20)).sign()).subject());
    }

    @Test
    void rejectsNotBeforeTwoMinutesAhead() {
        assertInvalid(issuer.token().notBefore(Instant.now().plusSeconds(120)).sign());
    }

    @Test
    void rejectsIssuedAtFarInTheFuture() {
        assertInvalid(issuer.token().issuedAt(Instant.now().plusSeconds(3600))
                .expiresAt(Instant.now().plusSeconds(7200)).sign());
    }

    @Test
    void rejectsMissingExpiry() {
        assertInvalid(issuer.token().expiresAt(null).sign());
    }

    @Test
    void rejectsMissingSubject() {
        assertInvalid(issuer.token().subject(null).sign());
    }

    @Test
    void rejectsWrongOrMissingAudience() {
        assertInvalid(issuer.token().audience("someone-else").sign());
        assertInvalid(issuer.token().audience("a", "b").sign());
        assertInvalid(issuer.token().audience().sign());
    }

    @Test
    void rejectsAuthorizedPartyOtherThanTheClientId() {
        assertInvalid(issuer.token().claim("azp", "another-client").sign());
        assertInvalid(issuer.token().claim("azp", 42).sign());
        assertInvalid(issuer.token().audience("other", "sigstore").claim("azp", "other").sign());
        verify(issuer.token().claim("azp", "sigstore").sign());
        verify(issuer.token().audience("other", "sigstore").claim("azp", "sigstore").sign());
    }

    @Test
    void rejectsIssuerOtherThanConfiguredWithoutContactingIt() {
        String token = issuer.token().issuer("https://accounts.example.com").sign();
        assertInvalid(token);
        // token iss right, settings for another issuer URL spelling
        settings = new OidcIssuerSettings(issuer.url().replace("127.0.0.1", "localhost"), "sigstore");
        assertInvalid(issuer.token().sign());
        assertEquals(0, issuer.requestCount());
    }

    @Test
    void rejectsDuplicateIssuerKeyEvenWhenSigned() {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + issuer.rsaKid() + "\"}";
        long exp = Instant.now().plusSeconds(300).getEpochSecond();
        String payload = "{\"iss\":\"https://evil.example\",\"iss\":\"" + issuer.url() + "\",\"sub\":\"s\","
                + "\"aud\":\"sigstore\",\"exp\":" + exp + "}";
        String token = issuer.signRawRs256(header, payload);
        SignetException e = assertThrows(SignetException.class, () -> UnverifiedToken.parse(token, 16384));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
    }

    @Test
    void rejectsDeeplyNestedSignedPayload() {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + issuer.rsaKid() + "\"}";
        long exp = Instant.now().plusSeconds(300).getEpochSecond();
        String payload = "{\"iss\":\"" + issuer.url() + "\",\"sub\":\"s\",\"aud\":\"sigstore\",\"exp\":" + exp
                + ",\"x\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
        String token = issuer.signRawRs256(header, payload);
        SignetException e = assertThrows(SignetException.class, () -> UnverifiedToken.parse(token, 1024 * 1024));
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, e.kind());
    }

    // ---- discovery -------------------------------------------------------------------------

    @Test
    void rejectsDiscoveryNamingAnotherIssuer() {
        issuer.discoveryIssuer("https://accounts.example.com");
        assertInvalid(issuer.token().sign());
        assertEquals(0, issuer.jwksRequests());
    }

    @Test
    void refusesRedirectToAnotherHostAndNeverContactsIt() {
        try (TestOidcIssuer other = new TestOidcIssuer().start()) {
            issuer.redirectDiscoveryTo(other.url() + TestOidcIssuer.DISCOVERY_PATH);
            assertInvalid(issuer.token().sign());
            assertEquals(1, issuer.discoveryRequests());
            assertEquals(0, other.requestCount());
        }
    }

    @Test
    void followsRedirectOnTheSameHost() {
        issuer.redirectDiscoveryTo(issuer.url() + TestOidcIssuer.DISCOVERY_COPY_PATH);
        assertEquals("test-subject", verify(issuer.token().sign()).subject());
        assertEquals(1, issuer.discoveryRequests());
        assertEquals(1, issuer.requestCount(TestOidcIssuer.DISCOVERY_COPY_PATH));
    }

    @Test
    void refusesRedirectLoop() {
        issuer.redirectDiscoveryTo(issuer.url() + TestOidcIssuer.DISCOVERY_PATH);
        assertInvalid(issuer.token().sign());
        assertEquals(4, issuer.discoveryRequests(), "the first request and three redirects");
    }

    @Test
    void cutsDribbledDiscoveryAtTheTotalDeadline() {
        verifier.close();
        verifier = newVerifier(TestOidcConfig.defaults().withFetchTimeout(Duration.ofMillis(500)));
        issuer.dribble(Duration.ofMillis(200));
        SignetException e = rejected(issuer.token().sign());
        assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, e.kind());
        // Every chunk comes well within any read timeout; only the total deadline stops the document
        // (seconds of dribbling) before its end.
        assertEquals(0, issuer.dribblesCompleted(), "the answer came before the document was whole");
        assertTrue(issuer.dribbledChunks() >= 2, "the fetch read for a while: " + issuer.dribbledChunks() + " chunks");
        assertEquals(0, issuer.jwksRequests());
    }

    @Test
    void rejectsOversizedJwks() {
        verifier.close();
        verifier = newVerifier(TestOidcConfig.defaults().withMaxDocumentBytes(64 * 1024));
        issuer.padJwks(60_000);
        assertEquals("test-subject", verify(issuer.token().sign()).subject());
        verifier.close();
        verifier = newVerifier(TestOidcConfig.defaults().withMaxDocumentBytes(64 * 1024));
        issuer.padJwks(200_000);
        assertInvalid(issuer.token().sign());
        // dribbled too, so the cap is enforced while streaming and not only from Content-Length
        verifier.close();
        verifier = newVerifier(TestOidcConfig.defaults().withMaxDocumentBytes(1024));
        issuer.padJwks(2000).dribble(Duration.ofMillis(1));
        assertInvalid(issuer.token().sign());
    }

    @Test
    void rejectsTokenFromRsa1024Key() {
        RsaJsonWebKey weak = issuer.addRsaKey(1024, "weak-1024");
        assertInvalid(issuer.token().signWith(weak).sign());
        assertInvalid(issuer.token().signWith(weak).noKid().sign());
    }

    @Test
    void reportsUnavailableWhenIssuerIsDownAndNothingIsCached() {
        issuer.setDown(true);
        assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, rejected(issuer.token().sign()).kind());
    }

    @Test
    void reportsUnavailableWhenNothingListens() {
        String url = issuer.url();
        issuer.close();
        settings = new OidcIssuerSettings(url, "sigstore");
        SignetException e = assertThrows(SignetException.class, () -> verifier.verify(
                UnverifiedToken.parse(UnverifiedTokenTest.token("{\"alg\":\"RS256\"}", "{\"iss\":\"" + url + "\"}"),
                        16384),
                settings));
        assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, e.kind());
        issuer = new TestOidcIssuer().start(); // for stopIssuer
    }

    // ---- key cache -------------------------------------------------------------------------

    @Test
    void unknownKidFloodCausesAtMostOneRefreshPerInterval() throws Exception {
        warmCache();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tokens.add(issuer.token().kid(UUID.randomUUID().toString()).sign());
        }
        // within the interval of the first fetch: no refresh at all
        assertAllRejected(tokens);
        assertEquals(0, issuer.jwksRequests());
        // after the interval: the whole concurrent flood shares one refresh
        clock.advance(Duration.ofSeconds(31));
        assertAllRejected(tokens);
        assertEquals(1, issuer.jwksRequests());
        assertEquals(1, issuer.discoveryRequests());
    }

    private void assertAllRejected(List<String> tokens) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ErrorKind>> results = new ArrayList<>();
            for (String token : tokens) {
                results.add(pool.submit(() -> {
                    try {
                        verify(token);
                        return null;
                    } catch (SignetException e) {
                        return e.kind();
                    }
                }));
            }
            for (Future<ErrorKind> result : results) {
                assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A token whose times are valid at the verifier's clock, which these tests move ahead of the real one. */
    private TestOidcIssuer.TokenBuilder tokenValidAtTheClock() {
        return issuer.token().issuedAt(clock.instant()).expiresAt(clock.instant().plusSeconds(300));
    }

    @Test
    void verifiesWithCachedKeyWhileIssuerIsDown() {
        warmCache();
        issuer.setDown(true);
        assertEquals("test-subject", verify(issuer.token().sign()).subject());
        // even past the maximum age: the failed scheduled refresh keeps the last good keys
        clock.advance(Duration.ofHours(2));
        assertEquals("test-subject", verify(tokenValidAtTheClock().sign()).subject());
        assertEquals("test-subject", verify(tokenValidAtTheClock().algorithm("ES256").sign()).subject());
        assertEquals(1, issuer.discoveryRequests(), "one scheduled attempt, then rate limited");
    }

    @Test
    void reportsUnavailableForUnknownKidWhileIssuerIsDown() {
        warmCache();
        issuer.setDown(true);
        clock.advance(Duration.ofSeconds(31));
        String unknown = issuer.token().kid("rotated-away").sign();
        assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, rejected(unknown).kind());
        // and again within the interval, without another request
        assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, rejected(unknown).kind());
        assertEquals(1, issuer.discoveryRequests());
    }

    @Test
    void picksUpRotatedKeysAfterRefresh() {
        warmCache();
        issuer.rotateKeys();
        String rotated = issuer.token().sign();
        assertInvalid(rotated); // within the refresh interval of the first fetch
        clock.advance(Duration.ofSeconds(31));
        assertEquals("test-subject", verify(rotated).subject());
        assertEquals(1, issuer.jwksRequests());
        assertEquals("test-subject", verify(issuer.token().algorithm("ES256").sign()).subject());
        assertEquals(1, issuer.jwksRequests());
    }

    @Test
    void scheduledRefreshAfterMaxAgeIsLazy() {
        warmCache();
        clock.advance(Duration.ofMinutes(30));
        verify(tokenValidAtTheClock().sign());
        assertEquals(0, issuer.jwksRequests());
        clock.advance(Duration.ofMinutes(31));
        verify(tokenValidAtTheClock().sign());
        assertEquals(1, issuer.jwksRequests());
    }

    // ---- verification that may not wait (signing threads) --------------------------------

    private Optional<VerifiedToken> verifyIfReady(String raw) {
        return verifier.verifyIfKeysReady(UnverifiedToken.parse(raw, 16384), settings);
    }

    @Test
    void withoutWaitingNothingIsFetchedUntilAThreadThatMayWaitHasTheKeys() {
        String token = issuer.token().sign();
        assertEquals(Optional.empty(), verifyIfReady(token));
        assertEquals(0, issuer.requestCount(), "a thread that may not wait starts no fetch");
        assertEquals("test-subject", verify(token).subject());
        assertEquals("test-subject", verifyIfReady(issuer.token().sign()).orElseThrow().subject());
        assertEquals("test-subject", verifyIfReady(issuer.token().algorithm("ES256").sign()).orElseThrow().subject());
        assertEquals(1, issuer.jwksRequests());
    }

    @Test
    void withoutWaitingEveryOutcomeThatNeedsNoFetchIsTheSame() throws Exception {
        warmCache();
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, assertThrows(SignetException.class,
                () -> verifyIfReady(issuer.token().audience("someone-else").sign())).kind());
        RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, assertThrows(SignetException.class,
                () -> verifyIfReady(issuer.token().kid(issuer.rsaKid()).signWith(stranger.getPrivateKey()).sign()))
                .kind());
        // an unknown kid within the refresh interval: refused at once, as a waiting thread would
        assertEquals(ErrorKind.INVALID_IDENTITY_TOKEN, assertThrows(SignetException.class,
                () -> verifyIfReady(issuer.token().kid("rotated-away").sign())).kind());
        assertEquals(0, issuer.requestCount());
    }

    @Test
    void withoutWaitingRotatedOrExpiredKeysAreLeftToAThreadThatMayWait() {
        warmCache();
        issuer.rotateKeys();
        clock.advance(Duration.ofSeconds(31));
        String rotated = tokenValidAtTheClock().sign();
        assertEquals(Optional.empty(), verifyIfReady(rotated), "a refresh for an unknown key would wait");
        assertEquals(0, issuer.requestCount());
        assertEquals("test-subject", verify(rotated).subject());
        assertEquals(1, issuer.jwksRequests());

        clock.advance(Duration.ofMinutes(61));
        issuer.resetCounts();
        String later = tokenValidAtTheClock().sign();
        assertEquals(Optional.empty(), verifyIfReady(later), "keys past their maximum age are fetched first");
        assertEquals(0, issuer.requestCount());
        assertEquals("test-subject", verify(later).subject());
        assertEquals("test-subject", verifyIfReady(tokenValidAtTheClock().sign()).orElseThrow().subject());
    }

    @Test
    void keepsAtMostOneHundredMetaIssuersCached() {
        for (int i = 0; i < 120; i++) {
            String url = "https://127.0.0.1:1/issuer-" + i;
            String token = UnverifiedTokenTest.token("{\"alg\":\"RS256\"}", "{\"iss\":\"" + url + "\"}");
            OidcIssuerSettings meta = new OidcIssuerSettings(url, "sigstore", true, Optional.empty());
            assertThrows(SignetException.class, () -> verifier.verify(UnverifiedToken.parse(token, 16384), meta));
        }
        assertEquals(100, verifier.cachedMetaIssuerCount());
        assertEquals(0, verifier.cachedStaticIssuerCount());
    }

    @Test
    void doesNotRefreshForKnownKidWithBadSignature() throws Exception {
        warmCache();
        clock.advance(Duration.ofSeconds(31));
        RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
        assertInvalid(issuer.token().kid(issuer.rsaKid()).signWith(stranger.getPrivateKey()).sign());
        assertEquals(0, issuer.requestCount());
    }

    @Test
    void failureTextNeverContainsTheToken() {
        String token = issuer.token().audience("someone-else").sign();
        SignetException e = rejected(token);
        assertFalse(String.valueOf(e.getMessage()).contains(token.substring(token.lastIndexOf('.') + 1)));
        assertFalse(String.valueOf(e.getMessage()).contains(token.substring(0, token.indexOf('.'))));
    }

    // ---- meta issuers' keys: a flood of them, failures, the fetch cap ---------------------
    // Meta hosts here only reach a test resolver (it fails or blocks), so no packet leaves the machine.

    /** Replaces the default verifier with one using {@code resolver}. */
    private TokenVerifier verifier(TestOidcConfig config, AddressPolicy.Resolver resolver) {
        verifier.close();
        verifier = new TokenVerifier(config, vertx, clock, resolver);
        return verifier;
    }

    /** A resolver that knows no name (and records what it was asked): every meta fetch fails before any connection. */
    private AddressPolicy.Resolver nothingResolves(List<String> lookups) {
        return host -> {
            lookups.add(host);
            throw new UnknownHostException(host);
        };
    }

    private static OidcIssuerSettings meta(String url) {
        return new OidcIssuerSettings(url, "sigstore", true, Optional.empty());
    }

    private static SignetException refusedMeta(TokenVerifier verifier, OidcIssuerSettings settings) {
        String token = UnverifiedTokenTest.token("{\"alg\":\"RS256\"}", "{\"iss\":\"" + settings.issuerUrl() + "\"}");
        return assertThrows(SignetException.class,
                () -> verifier.verify(UnverifiedToken.parse(token, 16384), settings));
    }

    private void verifyStatic(TokenVerifier verifier) {
        OidcIssuerSettings settings = new OidcIssuerSettings(issuer.url(), "sigstore");
        assertEquals(issuer.url(),
                verifier.verify(UnverifiedToken.parse(issuer.token().sign(), 16384), settings).issuer());
    }

    @Test
    void staticIssuersKeepTheirKeysThroughAFloodOfMetaIssuersWhichStayBounded() {
        List<String> lookups = new CopyOnWriteArrayList<>();
        TokenVerifier verifier = verifier(TestOidcConfig.defaults(), nothingResolves(lookups));
        verifyStatic(verifier);
        int before = issuer.requestCount();
        for (int i = 0; i < 300; i++) {
            refusedMeta(verifier, meta("https://meta-" + i + ".example/id/" + i));
        }
        verifyStatic(verifier);
        assertEquals(before, issuer.requestCount(), "the static issuer's keys were fetched again");
        assertEquals(1, verifier.cachedStaticIssuerCount());
        assertEquals(100, verifier.cachedMetaIssuerCount());
    }

    @Test
    void aReloadForgetsTheKeysOfIssuersItRemoved() {
        List<String> lookups = new CopyOnWriteArrayList<>();
        TokenVerifier verifier = verifier(TestOidcConfig.defaults(), nothingResolves(lookups));
        verifyStatic(verifier);
        verifier.retainStaticIssuers(Set.of(new OidcIssuerSettings(issuer.url(), "sigstore")));
        assertEquals(1, verifier.cachedStaticIssuerCount());
        verifier.retainStaticIssuers(Set.of());
        assertEquals(0, verifier.cachedStaticIssuerCount());
    }

    @Test
    void aFailedMetaIssuerIsRefusedUnfetchedUntilItsBackoffEnds() {
        List<String> lookups = new CopyOnWriteArrayList<>();
        TokenVerifier verifier = verifier(TestOidcConfig.defaults().withMetaIssuers(100, Duration.ofMinutes(5), 4),
                nothingResolves(lookups));
        OidcIssuerSettings failing = meta("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC");
        assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, refusedMeta(verifier, failing).kind());
        assertEquals(1, lookups.size());
        clock.advance(Duration.ofMinutes(4)); // well past the 30 s refresh interval, inside the backoff
        assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, refusedMeta(verifier, failing).kind());
        assertEquals(1, lookups.size(), "retried within the failure backoff");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        refusedMeta(verifier, failing);
        assertEquals(2, lookups.size(), "tried again once the backoff ended");
    }

    @Test
    void metaFetchesBeyondTheCapGet503AtOnceWhileStaticIssuersAreNotCapped() throws Exception {
        List<String> lookups = new CopyOnWriteArrayList<>();
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AddressPolicy.Resolver resolver = host -> {
            lookups.add(host);
            if (host.startsWith("slow-")) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new UnknownHostException(host);
        };
        TokenVerifier verifier = verifier(TestOidcConfig.defaults().withMetaIssuers(100, Duration.ofMinutes(5), 2),
                resolver);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Future<SignetException>> slow = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                OidcIssuerSettings settings = meta("https://slow-" + i + ".example/id/x");
                slow.add(clients.submit(() -> refusedMeta(verifier, settings)));
            }
            assertTrue(entered.await(30, TimeUnit.SECONDS), "both slow fetches started");

            OidcIssuerSettings third = meta("https://other.example/id/x");
            SignetException busy = refusedMeta(verifier, third);
            assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, busy.kind());
            assertTrue(lookups.stream().noneMatch(host -> host.startsWith("other")), "refused without a fetch");
            verifyStatic(verifier);

            release.countDown();
            for (Future<SignetException> request : slow) {
                assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, request.get(30, TimeUnit.SECONDS).kind());
            }
            // The refusal was the cap's, not the issuer's: nothing negative was remembered for it.
            refusedMeta(verifier, third);
            assertTrue(lookups.contains("other.example"), "fetched once a slot was free");
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }
}
