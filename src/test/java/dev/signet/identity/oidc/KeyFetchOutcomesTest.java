package dev.signet.identity.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.error.SignetException;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestOidcIssuer;
import dev.signet.testing.TestOidcIssuerExtension;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every discovery-and-JWKS fetch reports ok or error once, for the {@code signet.jwks.refreshes} counter. */
@ExtendWith(TestOidcIssuerExtension.class)
class KeyFetchOutcomesTest {
    private Vertx vertx;
    private TestOidcIssuer issuer;
    private MutableClock clock;
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private TokenVerifier verifier;
    private OidcIssuerSettings settings;

    @BeforeEach
    void start(TestOidcIssuer issuer) {
        vertx = Vertx.vertx();
        this.issuer = issuer;
        clock = new MutableClock();
        settings = new OidcIssuerSettings(issuer.url(), "sigstore");
        verifier = new TokenVerifier(TestOidcConfig.defaults(), vertx, clock, AddressPolicy.SYSTEM, outcomes::add);
    }

    @AfterEach
    void stop() {
        verifier.close();
        vertx.close();
    }

    /** Verifies a token whose times are valid at the verifier's clock, which one test moves ahead. */
    private void verify() {
        String token = issuer.token().issuedAt(clock.instant()).expiresAt(clock.instant().plusSeconds(300)).sign();
        verifier.verify(UnverifiedToken.parse(token, 16384), settings);
    }

    @Test
    void countsSuccessfulFetchesNotCacheHits() {
        verify();
        verify();
        assertEquals(List.of("ok"), outcomes, "the second token is verified from the cache");
    }

    @Test
    void countsFailedFetchesAsErrors() {
        issuer.setDown(true);
        assertThrows(SignetException.class, this::verify);
        assertEquals(List.of("error"), outcomes);
    }

    @Test
    void countsTheRefreshForAnUnknownKey() {
        verify();
        issuer.rotateKeys();
        clock.advance(Duration.ofMinutes(10));
        verify();
        assertEquals(List.of("ok", "ok"), outcomes);
    }
}
