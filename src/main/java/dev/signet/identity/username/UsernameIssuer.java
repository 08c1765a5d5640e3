package dev.signet.identity.username;

import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerProvider;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.SubjectDomainRule;
import dev.signet.identity.oidc.VerifiedToken;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * An issuer of plain usernames under one configured domain ({@code SubjectDomain}, a hostname
 * without scheme). The certificate names {@code <sub>!<SubjectDomain>} in an otherName SAN; the
 * client signs the bare username.
 */
public final class UsernameIssuer implements Issuer {
    /** What a URL parser takes for a scheme: a letter, then letters, digits, {@code + - .}, then a colon. */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);
    private static final Pattern HOSTNAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final int MAX_HOSTNAME_LENGTH = 253;

    private final IssuerConfig config;
    private final String subjectDomain;

    public UsernameIssuer(IssuerConfig config, String where) {
        this.config = config;
        String domain = config.subjectDomain().orElseThrow(
                () -> new InvalidIdentityConfigException(where + ": username issuer must have SubjectDomain set"));
        if (SCHEME.matcher(domain).matches() || domain.contains("://")) {
            throw new InvalidIdentityConfigException(where + ": SubjectDomain for username should not contain scheme");
        }
        URI issuer;
        try {
            issuer = new URI(config.issuerUrl());
        } catch (URISyntaxException e) {
            throw new InvalidIdentityConfigException(where + ": issuer for username is not a valid URI", e);
        }
        if (issuer.getScheme() == null) {
            throw new InvalidIdentityConfigException(where + ": issuer for username must contain scheme");
        }
        if (domain.length() > MAX_HOSTNAME_LENGTH || !HOSTNAME.matcher(domain).matches()) {
            throw new InvalidIdentityConfigException(
                    where + ": SubjectDomain for username must be a hostname (letters, digits, hyphens, dots)");
        }
        SubjectDomainRule.check(domain, issuer.getHost() == null ? "" : issuer.getHost(), where);
        this.subjectDomain = domain;
    }

    @Override
    public IssuerConfig config() {
        return config;
    }

    @Override
    public IssuerType type() {
        return IssuerType.USERNAME;
    }

    @Override
    public Principal principal(VerifiedToken token) {
        String username = new Claims(token).subject();
        if (username.contains("!")) {
            throw Claims.invalid("username cannot contain ! character");
        }
        // Any '@' is refused, not only a parseable address: "a@b" next to "!domain" reads as an email too.
        if (username.contains("@")) {
            throw Claims.invalid("username should not be an email address");
        }
        String qualified = username + "!" + subjectDomain;
        Claims.exact("username", qualified);
        return new UsernamePrincipal(username, qualified, token.issuer());
    }

    /** Builds this type's issuers for the identity package's {@code IssuerFactory} (listed in META-INF/services). */
    public static final class Provider extends IssuerProvider.ForType {
        public Provider() {
            super(IssuerType.USERNAME, UsernameIssuer::new);
        }
    }
}
