package dev.signet.identity;

import dev.signet.config.IssuerConfig;
import java.util.Optional;

/**
 * An issuer Signet provides itself, trusted besides those of the identity file: a CDI bean
 * implementing this is found by whatever builds the issuer sets, so identity needs to know no
 * such issuer by name (the dev profile's demo issuer is the one there is).
 */
public interface BuiltInIssuer {

    /** How to trust it, or empty while it is switched off. */
    Optional<IssuerConfig> issuerConfig();
}
