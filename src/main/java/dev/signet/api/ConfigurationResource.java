package dev.signet.api;

import dev.signet.challenge.ClientSigningAlgorithms;
import dev.signet.issuance.IdentityFiles;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/v2/configuration}: which issuers Signet accepts, what clients must sign, and
 * with which key algorithms.
 */
@Path("/api/v2/configuration")
public class ConfigurationResource {
    private final IdentityFiles identityFiles;
    private final ClientSigningAlgorithms algorithms;

    public ConfigurationResource(IdentityFiles identityFiles, ClientSigningAlgorithms algorithms) {
        this.identityFiles = identityFiles;
        this.algorithms = algorithms;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Configuration configuration() {
        return Configuration.of(identityFiles.issuers(), algorithms);
    }
}
