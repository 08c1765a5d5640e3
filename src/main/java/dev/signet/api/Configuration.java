package dev.signet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signet.challenge.ClientSigningAlgorithms;
import dev.signet.config.IssuerConfig;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerSet;
import dev.signet.identity.MetaIssuer;
import java.util.ArrayList;
import java.util.List;

/**
 * The v2 {@code Configuration}: the issuers Signet accepts, with every scalar field present as
 * Fulcio's gateway emits it, and the client signing algorithms it accepts (a Signet extension:
 * Fulcio's message has only the issuers).
 *
 * @param issuers                 the issuers, static ones first
 * @param clientSigningAlgorithms the {@code signet.client-signing-algorithms} allow-list, by the names
 *     of Sigstore's algorithm registry, in registry order
 */
public record Configuration(List<OidcIssuer> issuers, List<String> clientSigningAlgorithms) {

    /**
     * The configuration every transport answers with: static issuers, then meta patterns, in file
     * order; then the accepted algorithms.
     *
     * @param issuers    the issuers in force (see {@code issuance.IdentityFiles})
     * @param algorithms the configured allow-list
     */
    public static Configuration of(IssuerSet issuers, ClientSigningAlgorithms algorithms) {
        List<OidcIssuer> described = new ArrayList<>();
        issuers.all().forEach(issuer -> described.add(describe(issuer)));
        issuers.metaIssuers().forEach(meta -> described.add(describe(meta)));
        List<String> names = new ArrayList<>();
        algorithms.allowed().forEach(algorithm -> names.add(algorithm.configName()));
        return new Configuration(List.copyOf(described), List.copyOf(names));
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
