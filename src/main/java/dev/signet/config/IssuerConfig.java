package dev.signet.config;

import java.util.Optional;

/**
 * One OIDC issuer from the Fulcio-format identity file. Field names follow Fulcio's JSON keys
 * ({@code IssuerURL}, {@code ClientID}, …); the YAML spelling ({@code issuer-url}, …) maps to the
 * same fields.
 *
 * @param issuerUrl             the exact {@code iss} expected in tokens
 * @param clientId              the audience a token must carry
 * @param type                  the issuer type name, e.g. {@code email}
 * @param ciProvider            metadata key for {@code ci-provider} issuers
 * @param issuerClaim           JSONPath of the claim written as the certificate's issuer (email only)
 * @param subjectDomain         domain for {@code uri} and {@code username} issuers
 * @param spiffeTrustDomain     trust domain for {@code spiffe} issuers
 * @param challengeClaim        the claim clients sign, advertised in the configuration endpoint
 * @param description           informational
 * @param contact               informational
 * @param environment           informational
 * @param caCert                PEM trusted for this issuer's TLS
 * @param skipEmailVerification accept tokens without {@code email_verified} true (email only)
 */
public record IssuerConfig(
        String issuerUrl,
        String clientId,
        String type,
        Optional<String> ciProvider,
        Optional<String> issuerClaim,
        Optional<String> subjectDomain,
        Optional<String> spiffeTrustDomain,
        Optional<String> challengeClaim,
        Optional<String> description,
        Optional<String> contact,
        Optional<String> environment,
        Optional<String> caCert,
        boolean skipEmailVerification) {

    /** A minimal issuer of the given type, as Signet's own demo issuer uses. */
    public static IssuerConfig of(String issuerUrl, String clientId, String type) {
        return new IssuerConfig(issuerUrl, clientId, type, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }
}
