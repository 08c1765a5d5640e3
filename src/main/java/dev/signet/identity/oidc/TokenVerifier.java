package dev.signet.identity.oidc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Verifies identity tokens against an issuer's discovered keys: signature with the algorithm pinned
 * to the key type, exact issuer, audience containing the client id, {@code azp} (when present)
 * equal to the client id, and {@code exp}/{@code nbf} within the allowed clock skew. Blocking: call it from worker threads, never an event loop.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    private final int maxTokenLength;
    private final Duration clockSkew;
    private final Clock clock;
    private final DocumentFetcher fetcher;
    private final ProviderKeysLoader loader;
    private final IssuerKeys.Rules staticRules;
    private final IssuerKeys.Rules metaRules;
    // Both keyed by all settings: the same URL with another trust or meta flag must not share fetched keys.
    // Static issuers are the operator's and never evicted (the pool drops those a reload removes): a
    // flood of minted meta issuers must not make Signet fetch a real issuer's keys again.
    private final Map<OidcIssuerSettings, IssuerKeys> staticIssuers = new ConcurrentHashMap<>();
    // Meta issuers' URLs come from unverified tokens: bounded, and frequency-aware, so one-off URLs do
    // not push out the meta issuers in real use. Maintenance runs on the caller, so the bound holds at once.
    private final Cache<OidcIssuerSettings, IssuerKeys> metaIssuers;

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
        this(oidc, vertx, clock, resolver, outcome -> {
        });
    }

    /** @param keyFetchOutcomes told {@code ok} or {@code error} after every discovery-and-JWKS fetch */
    TokenVerifier(SignetConfig.Oidc oidc, Vertx vertx, Clock clock, AddressPolicy.Resolver resolver,
            Consumer<String> keyFetchOutcomes) {
        this.maxTokenLength = oidc.maxTokenLength();
        this.clockSkew = oidc.clockSkew().compareTo(MAX_CLOCK_SKEW) > 0 ? MAX_CLOCK_SKEW : oidc.clockSkew();
        // discovery and JWKS are two sequential fetches, each under its own deadline
        Duration maxWaitForKeys = oidc.fetchTimeout().multipliedBy(2).plusSeconds(5);
        SignetConfig.Oidc.MetaIssuers meta = oidc.metaIssuers();
        Duration failureBackoff = meta.failureBackoff();
        if (failureBackoff.compareTo(Duration.ofSeconds(1)) < 0 || failureBackoff.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("signet.oidc.meta-issuers.failure-backoff=" + failureBackoff
                    + " is invalid: from 1s to 24h");
        }
        this.staticRules = new IssuerKeys.Rules(oidc.minRefreshInterval(), oidc.keysMaxAge(), maxWaitForKeys,
                oidc.minRefreshInterval(), FetchGate.OPEN, keyFetchOutcomes);
        this.metaRules = new IssuerKeys.Rules(oidc.minRefreshInterval(), oidc.keysMaxAge(), maxWaitForKeys,
                failureBackoff, FetchGate.bounded(meta.maxConcurrentFetches()), keyFetchOutcomes);
        this.metaIssuers = Caffeine.newBuilder().maximumSize(meta.maxCached()).executor(Runnable::run).build();
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

    /**
     * Forgets the keys of static issuers not in {@code configured}: called with every applied
     * configuration, so the static cache holds the configured issuers only.
     */
    public void retainStaticIssuers(Set<OidcIssuerSettings> configured) {
        staticIssuers.keySet().retainAll(configured);
    }

    int cachedStaticIssuerCount() {
        return staticIssuers.size();
    }

    long cachedMetaIssuerCount() {
        metaIssuers.cleanUp();
        return metaIssuers.estimatedSize();
    }

    private IssuerKeys keysOf(OidcIssuerSettings issuer) {
        if (issuer.meta()) {
            return metaIssuers.get(issuer, settings -> new IssuerKeys(settings, loader, clock, metaRules));
        }
        return staticIssuers.computeIfAbsent(issuer, settings -> new IssuerKeys(settings, loader, clock, staticRules));
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
