package dev.signet.identity.email;

import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import dev.signet.error.SignetException;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerProvider;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An issuer of verified email addresses (Google, Dex, Keycloak, GitLab users, …). */
public final class EmailIssuer implements Issuer {
    private final IssuerConfig config;
    private final Optional<List<String>> issuerClaimPath;

    public EmailIssuer(IssuerConfig config, String where) {
        this.config = config;
        this.issuerClaimPath = config.issuerClaim().map(path -> parsePath(path, where));
    }

    @Override
    public IssuerConfig config() {
        return config;
    }

    @Override
    public IssuerType type() {
        return IssuerType.EMAIL;
    }

    @Override
    public Principal principal(VerifiedToken token) {
        String email = token.stringClaim("email")
                .filter(e -> !e.isEmpty())
                .orElseThrow(() -> invalid("token missing email claim"));
        if (!config.skipEmailVerification() && !isVerified(token.claims().get("email_verified"))) {
            throw invalid("email_verified claim was not true");
        }
        if (!EmailAddress.isValid(email)) {
            throw invalid("email address is not valid");
        }
        Claims.exact("email", email);
        String subject = new Claims(token).subject();
        String issuer = issuerClaimPath.map(path -> issuerFromClaim(token, path)).orElse(token.issuer());
        return new EmailPrincipal(email, issuer, subject);
    }

    /**
     * Only the JSON boolean {@code true}, as Fulcio 1.8.3 decodes the claim into a boolean: a string
     * {@code "true"} is an IdP that does not follow OIDC Core, and guessing at it is how
     * "verified" comes to mean something the IdP never said.
     */
    private static boolean isVerified(Object claim) {
        return Boolean.TRUE.equals(claim);
    }

    private String issuerFromClaim(VerifiedToken token, List<String> path) {
        Object current = token.claims();
        for (String field : path) {
            if (!(current instanceof Map<?, ?> map)) {
                throw invalid("issuer claim " + config.issuerClaim().orElse("") + " not found in token");
            }
            current = map.get(field);
        }
        // Text embedded as the certificate's issuer and part of the rate-limit key: the same check as every claim.
        String claim = "issuer claim " + config.issuerClaim().orElse("");
        if (current instanceof String value && !value.isEmpty()) {
            return Claims.checked(claim, value);
        }
        if (current instanceof Number || current instanceof Boolean) {
            return current.toString();
        }
        throw invalid(claim + " not found in token or not a string");
    }

    /** Supports the dotted JSONPath form Fulcio's configurations use, such as {@code $.federated_claims.connector_id}. */
    private static List<String> parsePath(String path, String where) {
        if (!path.startsWith("$.") || path.length() < 3) {
            throw new InvalidIdentityConfigException(where + ": IssuerClaim must be a JSONPath like $.claim.field");
        }
        List<String> fields = List.of(path.substring(2).split("\\.", -1));
        if (fields.stream().anyMatch(String::isEmpty)) {
            throw new InvalidIdentityConfigException(where + ": IssuerClaim " + path + " has an empty field name");
        }
        return fields;
    }

    private static SignetException invalid(String detail) {
        return Claims.invalid(detail);
    }

    /** Builds this type's issuers for the identity package's {@code IssuerFactory} (listed in META-INF/services). */
    public static final class Provider extends IssuerProvider.ForType {
        public Provider() {
            super(IssuerType.EMAIL, EmailIssuer::new);
        }
    }
}
