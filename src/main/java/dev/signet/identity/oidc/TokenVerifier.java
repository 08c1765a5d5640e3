package dev.signet.identity.oidc;

import dev.signet.config.SignetConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.metrics.SignetMetrics;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Verifies identity tokens against an issuer's discovered keys: signature with the algorithm pinned
 * to the key type, exact issuer, audience containing the client id, {@code azp} (when present)
 * equal to the client id, and {@code exp}/{@code nbf} within the allowed clock skew. Blocking: call it from worker threads, never an event loop.
 */
@ApplicationScoped
public class TokenVerifier {

    static final int MAX_CACHED_ISSUERS = 100;
    private static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    private final int maxTokenLength;
    private final Duration clockSkew;
    private final Duration minRefreshInterval;
    private final Duration keysMaxAge;
    private final Duration maxWaitForKeys;
    private final Clock clock;
    private final DocumentFetcher fetcher;
    private final ProviderKeysLoader loader;
    private final Consumer<String> keyFetchOutcomes;
    // Keyed by all settings: the same URL with another trust or meta flag must not share fetched keys.
    private final Map<OidcIssuerSettings, IssuerKeys> issuers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<OidcIssuerSettings, IssuerKeys> eldest) {
            return size() > MAX_CACHED_ISSUERS;
        }
    };

    @Inject
    public TokenVerifier(SignetConfig config, Vertx vertx, SignetMetrics metrics) {
        this(config.oidc(), vertx, Clock.systemUTC(), AddressPolicy.SYSTEM, metrics::jwksRefresh);
    }

    /** For use without CDI, e.g. in unit tests. */
    public TokenVerifier(SignetConfig.Oidc oidc, Vertx vertx) {
        this(oidc, vertx, Clock.systemUTC());
    }

    TokenVerifier(SignetConfig.Oidc oidc, Vertx vertx, Clock clock) {
        this(oidc, vertx, clock, AddressPolicy.SYSTEM);
    }

    TokenVerifier(SignetConfig.Oidc oidc, Vertx vertx, Clock clock, AddressPolicy.Resolver resolver) {
        this(oidc, vertx, clock, resolver, outcome -> { });
    }

    /** @param keyFetchOutcomes told {@code ok} or {@code error} after every discovery-and-JWKS fetch */
    TokenVerifier(SignetConfig.Oidc oidc, Vertx vertx, Clock clock, AddressPolicy.Resolver resolver,
            Consumer<String> keyFetchOutcomes) {
        this.keyFetchOutcomes = keyFetchOutcomes;
        this.maxTokenLength = oidc.maxTokenLength();
        this.clockSkew = oidc.clockSkew().compareTo(MAX_CLOCK_SKEW) > 0 ? MAX_CLOCK_SKEW : oidc.clockSkew();
        this.minRefreshInterval = oidc.minRefreshInterval();
        this.keysMaxAge = oidc.keysMaxAge();
        // discovery and JWKS are two sequential fetches, each under its own deadline
        this.maxWaitForKeys = oidc.fetchTimeout().multipliedBy(2).plusSeconds(5);
        this.clock = clock;
        this.fetcher = new DocumentFetcher(vertx, oidc.fetchTimeout(), oidc.maxDocumentBytes(), resolver);
        this.loader = new ProviderKeysLoader(fetcher, new FetchRoutes(fetcher.clients(), oidc));
    }

    /**
     * Verifies a token for one configured issuer.
     *
     * @throws SignetException {@link ErrorKind#INVALID_IDENTITY_TOKEN} for a bad token, signature,
     *     iss, aud, exp, nbf or alg, or an invalid or cross-host-redirecting discovery document;
     *     {@link ErrorKind#IDENTITY_PROVIDER_UNAVAILABLE} when discovery or JWKS cannot be fetched
     *     and no cached key can verify the token
     */
    public VerifiedToken verify(UnverifiedToken token, OidcIssuerSettings issuer) {
        return verify(token, issuer, true);
    }

    /**
     * {@link #verify}, except that it never waits for the identity provider: empty when the issuer's
     * keys must be fetched first or a fetch is in flight, and then no fetch is started. For CPU
     * threads, which must not wait; the caller hands such tokens to a thread that calls
     * {@link #verify}.
     *
     * @throws SignetException as {@link #verify}, for every outcome that needs no fetch
     */
    public Optional<VerifiedToken> verifyIfKeysReady(UnverifiedToken token, OidcIssuerSettings issuer) {
        try {
            return Optional.of(verify(token, issuer, false));
        } catch (KeysNotReady e) {
            return Optional.empty();
        }
    }

    private VerifiedToken verify(UnverifiedToken token, OidcIssuerSettings issuer, boolean mayWait) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(issuer, "issuer");
        try {
            return verifyChecked(token, issuer, mayWait);
        } catch (KeysNotReady e) {
            throw e;
        } catch (SignetException e) {
            LOG.debugf("Token of %s rejected: %s", issuer.issuerUrl(), e.getMessage());
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            LOG.debugf("Token of %s rejected: %s", issuer.issuerUrl(), e.getClass().getName());
            throw invalid("token verification failed: " + e.getClass().getSimpleName());
        }
    }

    /** Releases the HTTP client; the injected Vertx is not closed. */
    @PreDestroy
    public void close() {
        fetcher.close();
    }

    private VerifiedToken verifyChecked(UnverifiedToken token, OidcIssuerSettings issuer, boolean mayWait) {
        // Only UnverifiedToken.parse makes these, so header and claims are the raw token's own.
        if (token.raw().length() > maxTokenLength) {
            throw invalid("token is longer than " + maxTokenLength + " characters");
        }
        if (!token.issuer().equals(issuer.issuerUrl())) {
            throw invalid("token iss does not equal the configured issuer URL");
        }
        TokenAlgorithm alg = TokenAlgorithm.fromJoseName(token.headerString("alg"))
                .orElseThrow(() -> invalid("token alg is not pinned"));
        String kid = token.headerString("kid");

        IssuerKeys issuerKeys = keysOf(issuer);
        ProviderKeys keys = issuerKeys.current(mayWait);
        List<ProviderKey> candidates = keys.candidates(kid, alg);
        if (candidates.isEmpty() && kid != null && keys.hasKid(kid)) {
            throw invalid("token alg " + alg + " does not fit the key its kid names");
        }
        Attempt attempt = candidates.isEmpty() ? null : tryKeys(token, candidates, alg, issuer);
        if (attempt != null && attempt.verified() != null) {
            return attempt.verified();
        }
        if (attempt != null && (attempt.signatureMatched() || kid != null)) {
            // The named key exists, so a refresh cannot help: the signature or a claim is bad.
            throw attempt.failure();
        }
        // No key we hold signed this token: the provider may have rotated its keys.
        ProviderKeys refreshed = issuerKeys.refreshForUnknownKey(mayWait);
        if (refreshed == null) {
            throw attempt != null ? attempt.failure() : invalid("token kid names no key of the issuer");
        }
        List<ProviderKey> fresh = refreshed.candidates(kid, alg);
        fresh = fresh.stream().filter(key -> !candidates.contains(key)).toList();
        if (fresh.isEmpty()) {
            throw attempt != null ? attempt.failure() : invalid("token kid names no key of the issuer after refresh");
        }
        Attempt second = tryKeys(token, fresh, alg, issuer);
        if (second.verified() != null) {
            return second.verified();
        }
        throw second.failure();
    }

    int cachedIssuerCount() {
        synchronized (issuers) {
            return issuers.size();
        }
    }

    private IssuerKeys keysOf(OidcIssuerSettings issuer) {
        synchronized (issuers) {
            return issuers.computeIfAbsent(issuer, settings -> new IssuerKeys(settings, loader, clock,
                    minRefreshInterval, keysMaxAge, maxWaitForKeys, keyFetchOutcomes));
        }
    }

    private Attempt tryKeys(UnverifiedToken token, List<ProviderKey> candidates, TokenAlgorithm alg,
            OidcIssuerSettings issuer) {
        SignetException failure = null;
        for (ProviderKey key : candidates.subList(0, Math.min(candidates.size(), JwksParser.MAX_KEYS))) {
            try {
                return new Attempt(verifyWith(token, key, alg, issuer), true, null);
            } catch (SignatureMismatch e) {
                if (failure == null) {
                    failure = invalid("token signature does not verify");
                }
            } catch (SignetException e) {
                // The signature verified but a claim did not: a later key cannot change that.
                return new Attempt(null, true, e);
            }
        }
        return new Attempt(null, false, failure);
    }

    private VerifiedToken verifyWith(UnverifiedToken token, ProviderKey key, TokenAlgorithm alg,
            OidcIssuerSettings issuer) throws SignatureMismatch {
        // The signature first, with the provider fit for the key; then the claims it vouches for.
        if (!TokenSignature.verifies(token.raw(), key, alg)) {
            throw new SignatureMismatch();
        }
        return TokenClaims.check(token.claims(), issuer, clock.instant(), clockSkew);
    }

    private static SignetException invalid(String detail) {
        return new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN, detail);
    }

    /** The outcome of trying a token against some keys. */
    private record Attempt(VerifiedToken verified, boolean signatureMatched, SignetException failure) {
    }

    /** The key did not produce this signature; another key might. */
    private static final class SignatureMismatch extends Exception {
        SignatureMismatch() {
            super(null, null, false, false);
        }
    }
}
