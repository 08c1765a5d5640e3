package dev.signet.identity;

import dev.signet.config.IdentityConfig;
import dev.signet.config.IdentityConfigLoader;
import dev.signet.config.IssuerConfig;
import dev.signet.config.SignetConfig;
import dev.signet.demo.DemoIssuer;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.oidc.OidcIssuerSettings;
import dev.signet.identity.oidc.TokenVerifier;
import dev.signet.identity.oidc.UnverifiedToken;
import dev.signet.identity.oidc.VerifiedToken;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The configured issuers, and the one entry point from a raw token to a verified principal.
 * A token's {@code iss} is read before verification only to choose the issuer; an unknown issuer
 * is refused without any outbound request.
 */
@ApplicationScoped
@Startup
public class IssuerPool {
    private static final Logger LOG = Logger.getLogger(IssuerPool.class);

    private final TokenVerifier verifier;
    private final int maxTokenLength;
    private volatile IssuerSet current;

    @Inject
    public IssuerPool(SignetConfig config, TokenVerifier verifier, DemoIssuer demo) {
        this.verifier = verifier;
        this.maxTokenLength = config.oidc().maxTokenLength();
        IdentityConfig identity = config.identity().config()
                .map(IdentityConfigLoader::load)
                .orElseGet(IdentityConfig::empty);
        String source = config.identity().config().map(Object::toString).orElse("identity config");
        this.current = IssuerSet.of(identity, source,
                demo.enabled() ? Optional.of(demo.issuerConfig()) : Optional.empty());
        if (current.isEmpty()) {
            LOG.warn("No OIDC issuer is configured (signet.identity.config is unset or empty): every token will be refused");
        } else {
            LOG.infof("Trusting %d OIDC issuer(s) and %d meta issuer pattern(s): %s", current.all().size(),
                    current.metaIssuers().size(), String.join(", ", current.urls()));
        }
    }

    /**
     * Verifies the token with its issuer and reads the identity it carries.
     *
     * @throws SignetException INVALID_IDENTITY_TOKEN, or IDENTITY_PROVIDER_UNAVAILABLE when the issuer's keys cannot be fetched
     */
    public Principal authenticate(String rawToken) {
        UnverifiedToken token = UnverifiedToken.parse(rawToken, maxTokenLength);
        IssuerSet.Match match = current.match(token.issuer()).orElseThrow(() -> new SignetException(
                ErrorKind.INVALID_IDENTITY_TOKEN, "token issuer is not configured: " + printable(token.issuer())));
        IssuerConfig config = match.issuer().config();
        VerifiedToken verified = verifier.verify(token,
                new OidcIssuerSettings(config.issuerUrl(), config.clientId(), match.meta(), config.caCert()));
        return match.issuer().principal(verified);
    }

    /** The configured static issuers in file order (the demo issuer last). */
    public List<Issuer> issuers() {
        return current.all();
    }

    /** The meta issuer patterns in file order. */
    public List<MetaIssuer> metaIssuers() {
        return current.metaIssuers();
    }

    /** An attacker-chosen value, shortened and stripped of control characters before it reaches a log line. */
    private static String printable(String value) {
        String cut = value.length() > 200 ? value.substring(0, 200) + "…" : value;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
