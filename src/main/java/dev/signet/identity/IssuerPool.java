package dev.signet.identity;

import dev.signet.config.IdentityConfig;
import dev.signet.config.IdentityConfigLoader;
import dev.signet.config.InvalidIdentityConfigException;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final Map<String, Issuer> issuers;

    @Inject
    public IssuerPool(SignetConfig config, TokenVerifier verifier, DemoIssuer demo) {
        this.verifier = verifier;
        this.maxTokenLength = config.oidc().maxTokenLength();
        Map<String, Issuer> byUrl = new LinkedHashMap<>();
        IdentityConfig identity = config.identity().config()
                .map(IdentityConfigLoader::load)
                .orElseGet(IdentityConfig::empty);
        String source = config.identity().config().map(Object::toString).orElse("identity config");
        if (!identity.metaIssuers().isEmpty()) {
            throw new InvalidIdentityConfigException(source
                    + ": MetaIssuers are not supported by this version of Signet; list each issuer under OIDCIssuers");
        }
        identity.oidcIssuers().forEach((url, issuer) ->
                byUrl.put(url, IssuerFactory.create(issuer, source + ": issuer " + url)));
        if (demo.enabled()) {
            IssuerConfig demoConfig = demo.issuerConfig();
            byUrl.put(demoConfig.issuerUrl(), IssuerFactory.create(demoConfig, "demo issuer"));
        }
        this.issuers = Collections.unmodifiableMap(byUrl);
        if (issuers.isEmpty()) {
            LOG.warn("No OIDC issuer is configured (signet.identity.config is unset or empty): every token will be refused");
        } else {
            LOG.infof("Trusting %d OIDC issuer(s): %s", issuers.size(), String.join(", ", issuers.keySet()));
        }
    }

    /**
     * Verifies the token with its issuer and reads the identity it carries.
     *
     * @throws SignetException INVALID_IDENTITY_TOKEN, or IDENTITY_PROVIDER_UNAVAILABLE when the issuer's keys cannot be fetched
     */
    public Principal authenticate(String rawToken) {
        UnverifiedToken token = UnverifiedToken.parse(rawToken, maxTokenLength);
        Issuer issuer = issuers.get(token.issuer());
        if (issuer == null) {
            throw new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN,
                    "token issuer is not configured: " + printable(token.issuer()));
        }
        IssuerConfig config = issuer.config();
        VerifiedToken verified = verifier.verify(token, new OidcIssuerSettings(config.issuerUrl(), config.clientId()));
        return issuer.principal(verified);
    }

    /** The configured issuers in file order (the demo issuer last). */
    public List<Issuer> issuers() {
        return List.copyOf(issuers.values());
    }

    /** An attacker-chosen value, shortened and stripped of control characters before it reaches a log line. */
    private static String printable(String value) {
        String cut = value.length() > 200 ? value.substring(0, 200) + "…" : value;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
