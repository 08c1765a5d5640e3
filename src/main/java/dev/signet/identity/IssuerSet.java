package dev.signet.identity;

import dev.signet.codec.Pem;
import dev.signet.config.IdentityConfig;
import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One validated, immutable generation of the identity configuration: the issuers a token may come
 * from, static ones matched exactly and meta issuers matched by URL pattern. The pool swaps whole
 * sets, so a request sees either the old configuration or the new one.
 */
public final class IssuerSet {

    static final int MAX_CACHED_META_ISSUERS = 100;

    private final Map<String, Issuer> byUrl;
    private final List<MetaIssuer> metaIssuers;
    private final IdentityConfig identity;
    // Issuers built for concrete iss values that matched a meta pattern; only matches are cached.
    private final Map<String, Issuer> builtMetaIssuers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Issuer> eldest) {
            return size() > MAX_CACHED_META_ISSUERS;
        }
    };

    private IssuerSet(Map<String, Issuer> byUrl, List<MetaIssuer> metaIssuers, IdentityConfig identity) {
        this.byUrl = Collections.unmodifiableMap(byUrl);
        this.metaIssuers = List.copyOf(metaIssuers);
        this.identity = identity;
    }

    /**
     * A configured issuer chosen for a token.
     *
     * @param issuer    the issuer (for a meta pattern, synthesised with the token's {@code iss})
     * @param meta      whether it was synthesised from a meta pattern
     * @param configKey its key in the identity file: the issuer URL, or the meta pattern
     */
    public record Match(Issuer issuer, boolean meta, String configKey) {
    }

    /**
     * Builds every issuer of {@code identity}, plus {@code extra} (the demo issuer), failing on the
     * first invalid one with a message naming {@code source} and the issuer. Meta patterns that could
     * both match one URL are refused, so at most one pattern ever matches a token.
     */
    public static IssuerSet of(IdentityConfig identity, String source, Optional<IssuerConfig> extra) {
        IssuerFactory.checkFile(identity);
        Map<String, Issuer> byUrl = new LinkedHashMap<>();
        identity.oidcIssuers().forEach((url, issuer) -> {
            String where = source + ": issuer " + url;
            checkCaCert(issuer, url, source);
            byUrl.put(url, IssuerFactory.create(issuer, identity, where));
        });
        extra.ifPresent(config -> byUrl.put(config.issuerUrl(), IssuerFactory.create(config, identity, "demo issuer")));

        List<MetaIssuer> metas = new ArrayList<>();
        identity.metaIssuers().forEach((pattern, template) -> {
            MetaIssuer meta = metaIssuer(pattern, template, identity, source);
            for (MetaIssuer earlier : metas) {
                if (earlier.pattern().overlaps(meta.pattern())) {
                    throw new InvalidIdentityConfigException(source + ": meta issuer patterns " + earlier.pattern()
                            + " and " + pattern + " overlap: some issuer URL matches both");
                }
            }
            metas.add(meta);
        });
        return new IssuerSet(byUrl, metas, identity);
    }

    private static MetaIssuer metaIssuer(String pattern, IssuerConfig template, IdentityConfig identity,
            String source) {
        String where = source + ": meta issuer " + pattern;
        if ("spiffe".equals(template.type())) {
            throw new InvalidIdentityConfigException(where + ": SPIFFE meta issuers not supported");
        }
        if (!pattern.startsWith("https://")) {
            // Discovery for a meta issuer goes to a URL taken from an unverified token: never in plain text.
            throw new InvalidIdentityConfigException(where + ": meta issuer patterns must start with https://");
        }
        checkCaCert(template, pattern, source);
        MetaPattern compiled = MetaPattern.compile(pattern);
        // Validate the entry as the issuer a matching token would get.
        Issuer sample = IssuerFactory.create(withIssuerUrl(template, compiled.sample()), identity, where);
        return new MetaIssuer(compiled, withIssuerUrl(template, pattern), sample.type());
    }

    private static void checkCaCert(IssuerConfig config, String name, String source) {
        config.caCert().ifPresent(pem -> {
            try {
                Pem.certificates(pem);
            } catch (IllegalArgumentException e) {
                throw new InvalidIdentityConfigException(source + ": failed to parse CA certificate for issuer "
                        + name + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * The issuer for this {@code iss}: the static issuer with exactly this URL, else an issuer
     * synthesised from the one meta pattern matching the whole URL. Never causes I/O; an {@code iss}
     * matching nothing leaves no trace.
     */
    public Optional<Match> match(String issuerUrl) {
        Issuer exact = byUrl.get(issuerUrl);
        if (exact != null) {
            return Optional.of(new Match(exact, false, issuerUrl));
        }
        for (MetaIssuer meta : metaIssuers) {
            if (meta.pattern().matches(issuerUrl)) {
                return Optional.of(new Match(built(meta, issuerUrl), true, meta.pattern().pattern()));
            }
        }
        return Optional.empty();
    }

    /** The issuer configured or synthesised for this {@code iss}, if any. Never causes I/O. */
    public Optional<Issuer> find(String issuerUrl) {
        return match(issuerUrl).map(Match::issuer);
    }

    private Issuer built(MetaIssuer meta, String issuerUrl) {
        synchronized (builtMetaIssuers) {
            Issuer cached = builtMetaIssuers.get(issuerUrl);
            if (cached != null) {
                return cached;
            }
        }
        Issuer issuer;
        try {
            issuer = IssuerFactory.create(withIssuerUrl(meta.template(), issuerUrl), identity,
                    "meta issuer " + meta.pattern());
        } catch (InvalidIdentityConfigException e) {
            throw new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN,
                    "token issuer matches meta issuer " + meta.pattern() + " but is not usable: " + e.getMessage());
        }
        synchronized (builtMetaIssuers) {
            return builtMetaIssuers.computeIfAbsent(issuerUrl, url -> issuer);
        }
    }

    int cachedMetaIssuerCount() {
        synchronized (builtMetaIssuers) {
            return builtMetaIssuers.size();
        }
    }

    /** Every static issuer, in configuration order. */
    public List<Issuer> all() {
        return List.copyOf(byUrl.values());
    }

    /** The meta issuers, in configuration order. */
    public List<MetaIssuer> metaIssuers() {
        return metaIssuers;
    }

    /** Whether no token can be accepted at all. */
    public boolean isEmpty() {
        return byUrl.isEmpty() && metaIssuers.isEmpty();
    }

    /** The issuer URLs and meta patterns, for the startup log line. */
    public List<String> urls() {
        List<String> urls = new ArrayList<>(byUrl.keySet());
        metaIssuers.forEach(meta -> urls.add(meta.pattern().pattern()));
        return urls;
    }

    private static IssuerConfig withIssuerUrl(IssuerConfig c, String issuerUrl) {
        return new IssuerConfig(issuerUrl, c.clientId(), c.type(), c.ciProvider(), c.issuerClaim(), c.subjectDomain(),
                c.spiffeTrustDomain(), c.challengeClaim(), c.description(), c.contact(), c.environment(), c.caCert(),
                c.skipEmailVerification());
    }
}
