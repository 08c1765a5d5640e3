package dev.signet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signet.config.IssuerConfig;
import dev.signet.identity.Issuer;
import dev.signet.identity.MetaIssuer;
import java.util.ArrayList;
import java.util.List;

/**
 * The v2 {@code Configuration}: the issuers Signet accepts, with every scalar field present as
 * Fulcio's gateway emits it.
 *
 * @param issuers the issuers, static ones first
 */
public record Configuration(List<OidcIssuer> issuers) {

    /** The configuration every transport answers with: static issuers, then meta patterns, in file order. */
    public static Configuration of(List<Issuer> issuers, List<MetaIssuer> metaIssuers) {
        List<OidcIssuer> described = new ArrayList<>();
        issuers.forEach(issuer -> described.add(describe(issuer)));
        metaIssuers.forEach(meta -> described.add(describe(meta)));
        return new Configuration(described);
    }

    private static OidcIssuer describe(MetaIssuer meta) {
        IssuerConfig config = meta.template();
        return new OidcIssuer(
                null,
                meta.pattern().pattern(),
                config.clientId(),
                config.challengeClaim().orElse(meta.type().defaultChallengeClaim()),
                config.spiffeTrustDomain().orElse(""),
                meta.type().configName(),
                config.subjectDomain().orElse(""),
                config.skipEmailVerification());
    }

    private static OidcIssuer describe(Issuer issuer) {
        IssuerConfig config = issuer.config();
        return new OidcIssuer(
                config.issuerUrl(),
                null,
                config.clientId(),
                config.challengeClaim().orElse(issuer.type().defaultChallengeClaim()),
                config.spiffeTrustDomain().orElse(""),
                issuer.type().configName(),
                config.subjectDomain().orElse(""),
                config.skipEmailVerification());
    }

    /**
     * {@code OIDCIssuer}. Exactly one of {@code issuerUrl} and {@code wildcardIssuerUrl} is present.
     *
     * @param issuerUrl             exact issuer URL
     * @param wildcardIssuerUrl     meta-issuer pattern
     * @param audience              the client id tokens must carry
     * @param challengeClaim        the claim clients sign as proof of possession
     * @param spiffeTrustDomain     for spiffe issuers, else empty
     * @param issuerType            the issuer type name
     * @param subjectDomain         for uri and username issuers, else empty
     * @param skipEmailVerification whether email_verified is not required
     */
    public record OidcIssuer(
            @JsonInclude(JsonInclude.Include.NON_NULL) String issuerUrl,
            @JsonInclude(JsonInclude.Include.NON_NULL) String wildcardIssuerUrl,
            String audience,
            String challengeClaim,
            String spiffeTrustDomain,
            String issuerType,
            String subjectDomain,
            boolean skipEmailVerification) {
    }
}
