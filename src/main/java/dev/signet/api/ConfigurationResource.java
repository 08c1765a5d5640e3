package dev.signet.api;

import dev.signet.config.IssuerConfig;
import dev.signet.identity.Issuer;
import dev.signet.identity.MetaIssuer;
import dev.signet.issuance.IssuanceService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /api/v2/configuration}: which issuers Signet accepts and what clients must sign. */
@Path("/api/v2/configuration")
public class ConfigurationResource {
    private final IssuanceService issuance;

    public ConfigurationResource(IssuanceService issuance) {
        this.issuance = issuance;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Configuration configuration() {
        List<Configuration.OidcIssuer> issuers = new ArrayList<>();
        issuance.issuers().forEach(issuer -> issuers.add(describe(issuer)));
        issuance.metaIssuers().forEach(meta -> issuers.add(describe(meta)));
        return new Configuration(issuers);
    }

    private static Configuration.OidcIssuer describe(MetaIssuer meta) {
        IssuerConfig config = meta.template();
        return new Configuration.OidcIssuer(
                null,
                meta.pattern().pattern(),
                config.clientId(),
                config.challengeClaim().orElse(meta.type().defaultChallengeClaim()),
                config.spiffeTrustDomain().orElse(""),
                meta.type().configName(),
                config.subjectDomain().orElse(""),
                config.skipEmailVerification());
    }

    private static Configuration.OidcIssuer describe(Issuer issuer) {
        IssuerConfig config = issuer.config();
        return new Configuration.OidcIssuer(
                config.issuerUrl(),
                null,
                config.clientId(),
                config.challengeClaim().orElse(issuer.type().defaultChallengeClaim()),
                config.spiffeTrustDomain().orElse(""),
                issuer.type().configName(),
                config.subjectDomain().orElse(""),
                config.skipEmailVerification());
    }
}
