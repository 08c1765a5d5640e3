package dev.signet.identity;

import dev.signet.config.IssuerConfig;
import dev.signet.config.SignetConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.oidc.OidcIssuerSettings;
import dev.signet.identity.oidc.TokenVerifier;
import dev.signet.identity.oidc.UnverifiedToken;
import dev.signet.identity.oidc.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Authentication: a raw token to its configured issuer to a verified principal. A token's
 * {@code iss} is read before verification only to choose the issuer; an unknown issuer is refused
 * without any outbound request. The issuers come with each call (the generation in force, which
 * the caller reads once per request), so this class holds no configuration of its own and knows
 * nothing of files, reloads or policy.
 */
@ApplicationScoped
public class Authenticator {
    private final TokenVerifier verifier;
    private final int maxTokenLength;

    @Inject
    public Authenticator(SignetConfig config, TokenVerifier verifier) {
        this.verifier = verifier;
        this.maxTokenLength = config.oidc().maxTokenLength();
    }

    /**
     * A verified identity.
     *
     * @param principal the identity the certificate will carry
     * @param type      the type of the issuer that vouched for it (a bounded metrics label)
     * @param configKey the issuer's key in the identity file: its URL, or the meta pattern it matched
     *                  (what an issuance policy is keyed by)
     * @param token     the verified token, whose claims a policy may read
     */
    public record Authenticated(Principal principal, IssuerType type, String configKey, VerifiedToken token) {
    }

    /**
     * Verifies the token with its issuer among {@code issuers} and reads the identity it carries,
     * fetching the issuer's keys first if need be.
     *
     * @throws SignetException INVALID_IDENTITY_TOKEN, or IDENTITY_PROVIDER_UNAVAILABLE when the
     *     issuer's keys cannot be fetched
     */
    public Authenticated authenticate(IssuerSet issuers, String rawToken) {
        return authenticate(issuers, rawToken, true).orElseThrow();
    }

    /**
     * {@link #authenticate}, except that it never waits for an identity provider: empty when the
     * issuer's keys must be fetched first (see {@link TokenVerifier#verifyIfKeysReady}).
     */
    public Optional<Authenticated> authenticateIfKeysReady(IssuerSet issuers, String rawToken) {
        return authenticate(issuers, rawToken, false);
    }

    private Optional<Authenticated> authenticate(IssuerSet issuers, String rawToken, boolean mayWait) {
        UnverifiedToken token = UnverifiedToken.parse(rawToken, maxTokenLength);
        IssuerSet.Match match = issuers.match(token.issuer()).orElseThrow(() -> new SignetException(
                ErrorKind.INVALID_IDENTITY_TOKEN, "token issuer is not configured: " + printable(token.issuer())));
        OidcIssuerSettings settings = settings(match.issuer().config(), match.meta());
        Optional<VerifiedToken> ready = mayWait ? Optional.of(verifier.verify(token, settings))
                : verifier.verifyIfKeysReady(token, settings);
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        VerifiedToken verified = ready.get();
        Principal principal = match.issuer().principal(verified);
        return Optional.of(new Authenticated(principal, match.issuer().type(), match.configKey(), verified));
    }

    /**
     * Keeps the cached keys of the static issuers of {@code issuers} (the set now in force) and lets
     * the others' go; called whenever a new set replaces the old one.
     */
    public void keepKeysOf(IssuerSet issuers) {
        Set<OidcIssuerSettings> settings = new HashSet<>();
        issuers.all().forEach(issuer -> settings.add(settings(issuer.config(), false)));
        verifier.retainStaticIssuers(settings);
    }

    private static OidcIssuerSettings settings(IssuerConfig config, boolean meta) {
        return new OidcIssuerSettings(config.issuerUrl(), config.clientId(), meta, config.caCert());
    }

    /** An attacker-chosen value, shortened and stripped of control characters before it reaches a log line. */
    private static String printable(String value) {
        String cut = value.length() > 200 ? value.substring(0, 200) + "…" : value;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
