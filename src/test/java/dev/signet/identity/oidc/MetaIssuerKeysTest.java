package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.testing.TestOidcIssuer;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key caches under a flood of meta issuers: static issuers' keys stay, meta issuers are bounded,
 * a failed meta issuer is not retried within the backoff, and meta fetches are capped. Meta hosts
 * here only reach a test resolver (it fails or blocks), so no packet leaves the machine.
 */
class MetaIssuerKeysTest {
    private static Vertx vertx;
    private final List<String> lookups = new CopyOnWriteArrayList<>();
    private TestOidcIssuer issuer;
    private MutableClock clock;
    private TokenVerifier verifier;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    @BeforeEach
    void start() {
        issuer = new TestOidcIssuer().start();
        clock = new MutableClock();
    }

    @AfterEach
    void stop() {
        if (verifier != null) {
            verifier.close();
        }
        issuer.close();
    }

    private TokenVerifier verifier(TestOidcConfig config, AddressPolicy.Resolver resolver) {
        verifier = new TokenVerifier(config, vertx, clock, resolver);
        return verifier;
    }

    /** A resolver that knows no name: every meta fetch fails before any connection. */
    private AddressPolicy.Resolver nothingResolves() {
        return host -> {
            lookups.add(host);
            throw new UnknownHostException(host);
        };
    }

    private static OidcIssuerSettings meta(String url) {
        return new OidcIssuerSettings(url, "sigstore", true, Optional.empty());
    }

    private static SignetException refused(TokenVerifier verifier, OidcIssuerSettings settings) {
        String token = UnverifiedTokenTest.token("{\"alg\":\"RS256\"}", "{\"iss\":\"" + settings.issuerUrl() + "\"}");
        return assertThrows(SignetException.class, () -> verifier.verify(UnverifiedToken.parse(token, 16384), settings));
    }

    private void verifyStatic(TokenVerifier verifier) {
        OidcIssuerSettings settings = new OidcIssuerSettings(issuer.url(), "sigstore");
        assertEquals(issuer.url(), verifier.verify(UnverifiedToken.parse(issuer.token().sign(), 16384), settings).issuer());
    }

    @Test
    void staticIssuersKeepTheirKeysThroughAFloodOfMetaIssuersWhichStayBounded() {
        TokenVerifier verifier = verifier(TestOidcConfig.defaults(), nothingResolves());
        verifyStatic(verifier);
        int before = issuer.requestCount();
        for (int i = 0; i < 300; i++) {
            refused(verifier, meta("https://meta-" + i + ".example/id/" + i));
        }
        verifyStatic(verifier);
        assertEquals(before, issuer.requestCount(), "the static issuer's keys were fetched again");
        assertEquals(1, verifier.cachedStaticIssuerCount());
        assertEquals(100, verifier.cachedMetaIssuerCount());
    }

    @Test
    void aReloadForgetsTheKeysOfIssuersItRemoved() {
        TokenVerifier verifier = verifier(TestOidcConfig.defaults(), nothingResolves());
        verifyStatic(verifier);
        verifier.retainStaticIssuers(java.util.Set.of(new OidcIssuerSettings(issuer.url(), "sigstore")));
        assertEquals(1, verifier.cachedStaticIssuerCount());
        verifier.retainStaticIssuers(java.util.Set.of());
        assertEquals(0, verifier.cachedStaticIssuerCount());
    }

    @Test
    void aFailedMetaIssuerIsRefusedUnfetchedUntilItsBackoffEnds() {
        TokenVerifier verifier = verifier(TestOidcConfig.defaults().withMetaIssuers(100, Duration.ofMinutes(5), 4),
                nothingResolves());
        OidcIssuerSettings failing = meta("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC");
        assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, refused(verifier, failing).kind());
        assertEquals(1, lookups.size());
        clock.advance(Duration.ofMinutes(4)); // well past the 30 s refresh interval, inside the backoff
        assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, refused(verifier, failing).kind());
        assertEquals(1, lookups.size(), "retried within the failure backoff");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        refused(verifier, failing);
        assertEquals(2, lookups.size(), "tried again once the backoff ended");
    }

    @Test
    void metaFetchesBeyondTheCapGet503AtOnceWhileStaticIssuersAreNotCapped() throws Exception {
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
                slow.add(clients.submit(() -> refused(verifier, settings)));
            }
            assertTrue(entered.await(30, TimeUnit.SECONDS), "both slow fetches started");

            OidcIssuerSettings third = meta("https://other.example/id/x");
            SignetException busy = refused(verifier, third);
            assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, busy.kind());
            assertTrue(lookups.stream().noneMatch(host -> host.startsWith("other")), "refused without a fetch");
            verifyStatic(verifier);

            release.countDown();
            for (Future<SignetException> request : slow) {
                assertEquals(ErrorKind.IDENTITY_PROVIDER_UNAVAILABLE, request.get(30, TimeUnit.SECONDS).kind());
            }
            // The refusal was the cap's, not the issuer's: nothing negative was remembered for it.
            refused(verifier, third);
            assertTrue(lookups.contains("other.example"), "fetched once a slot was free");
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }
}
