package dev.signet.identity.chainguard;

import dev.signet.config.IssuerConfig;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerProvider;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.Optional;

/** The {@code chainguard-identity} issuer: Chainguard's identity tokens, for service principals and people. */
public final class ChainguardIdentityIssuer implements Issuer {
    private final IssuerConfig config;

    public ChainguardIdentityIssuer(IssuerConfig config) {
        this.config = config;
    }

    @Override
    public IssuerConfig config() {
        return config;
    }

    @Override
    public IssuerType type() {
        return IssuerType.CHAINGUARD_IDENTITY;
    }

    @Override
    public Principal principal(VerifiedToken token) {
        Claims claims = new Claims(token);
        String subject = claims.subject();
        if (subject.isEmpty()) {
            throw Claims.invalid("missing sub claim in ID token");
        }
        return ChainguardIdentityPrincipal.of(claims.issuer(), subject, challenge(claims, token));
    }

    /**
     * What cosign signs for such a token: the email when there is one (then it must be verified),
     * otherwise {@code sub}. Anything else and the client's proof would never match.
     */
    private static String challenge(Claims claims, VerifiedToken token) {
        Optional<String> email = claims.optionalExact("email");
        if (email.isEmpty()) {
            return claims.subject();
        }
        Object verified = token.claims().get("email_verified");
        if (!(Boolean.TRUE.equals(verified) || "true".equals(verified) || "True".equals(verified))) {
            throw Claims.invalid("not verified by identity provider");
        }
        return email.get();
    }

    /** Builds this type's issuers for the identity package's {@code IssuerFactory} (listed in META-INF/services). */
    public static final class Provider extends IssuerProvider.ForType {
        public Provider() {
            super(IssuerType.CHAINGUARD_IDENTITY, (config, where) -> new ChainguardIdentityIssuer(config));
        }
    }
}
