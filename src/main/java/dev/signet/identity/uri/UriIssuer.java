package dev.signet.identity.uri;

import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerProvider;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.SubjectDomainRule;
import dev.signet.identity.Uris;
import dev.signet.identity.oidc.VerifiedToken;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An issuer whose subjects are URIs under one configured domain ({@code SubjectDomain}, with
 * scheme). The token's {@code sub} becomes the URI SAN only if its scheme, host and port are exactly
 * the SubjectDomain's and it carries no user info.
 */
public final class UriIssuer implements Issuer {
    /** An addr-spec as a lenient mail parser would take it: something@something without URI punctuation. */
    private static final Pattern EMAIL_SHAPED =
            Pattern.compile("[^\\s@<>():;,\"\\[\\]\\\\]+@[^\\s@<>():;,\"\\[\\]\\\\]+");

    private final IssuerConfig config;
    private final String scheme;
    private final String host;
    private final int port;

    public UriIssuer(IssuerConfig config, String where) {
        this.config = config;
        String domain = config.subjectDomain().orElseThrow(
                () -> new InvalidIdentityConfigException(where + ": uri issuer must have SubjectDomain set"));
        URI subject = parse(domain, where + ": SubjectDomain for uri is not a valid URI");
        if (subject.getScheme() == null) {
            throw new InvalidIdentityConfigException(where + ": SubjectDomain for uri must contain scheme");
        }
        URI issuer = parse(config.issuerUrl(), where + ": issuer for uri is not a valid URI");
        if (issuer.getScheme() == null) {
            throw new InvalidIdentityConfigException(where + ": issuer for uri must contain scheme");
        }
        String subjectScheme = subject.getScheme().toLowerCase(Locale.ROOT);
        String issuerScheme = issuer.getScheme().toLowerCase(Locale.ROOT);
        if (!subjectScheme.equals(issuerScheme)) {
            throw new InvalidIdentityConfigException(where + ": subject (" + subjectScheme + ") and issuer ("
                    + issuerScheme + ") URI schemes do not match");
        }
        String subjectHost = subject.getHost() == null ? "" : subject.getHost();
        String issuerHost = issuer.getHost() == null ? "" : issuer.getHost();
        SubjectDomainRule.check(subjectHost, issuerHost, where);
        if (subjectHost.isEmpty() || subjectHost.endsWith(".") || subject.getRawUserInfo() != null) {
            throw new InvalidIdentityConfigException(
                    where + ": SubjectDomain for uri must name a plain hostname (no user info, no trailing dot)");
        }
        this.scheme = subjectScheme;
        this.host = subjectHost.toLowerCase(Locale.ROOT);
        this.port = subject.getPort();
    }

    @Override
    public IssuerConfig config() {
        return config;
    }

    @Override
    public IssuerType type() {
        return IssuerType.URI;
    }

    @Override
    public Principal principal(VerifiedToken token) {
        String subject = new Claims(token).subject();
        if (EMAIL_SHAPED.matcher(subject).matches()) {
            throw Claims.invalid("uri subject should not be an email address");
        }
        Uris.checked("uri subject", subject, scheme);
        URI parsed;
        try {
            parsed = new URI(subject);
        } catch (URISyntaxException e) {
            throw Claims.invalid("uri subject is not a valid URI");
        }
        if (parsed.getRawUserInfo() != null) {
            throw Claims.invalid("uri subject must not contain user info");
        }
        String subjectHost = parsed.getHost();
        if (subjectHost == null || subjectHost.isEmpty()) {
            throw Claims.invalid("uri subject has no hostname");
        }
        if (!subjectHost.toLowerCase(Locale.ROOT).equals(host)) {
            throw Claims.invalid("uri subject hostname does not match the SubjectDomain hostname " + host);
        }
        if (parsed.getPort() != port) {
            throw Claims.invalid("uri subject port does not match the SubjectDomain port");
        }
        return new UriPrincipal(subject, token.issuer());
    }

    private static URI parse(String value, String error) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidIdentityConfigException(error, e);
        }
    }

    /** Builds this type's issuers for the identity package's {@code IssuerFactory} (listed in META-INF/services). */
    public static final class Provider extends IssuerProvider.ForType {
        public Provider() {
            super(IssuerType.URI, UriIssuer::new);
        }
    }
}
