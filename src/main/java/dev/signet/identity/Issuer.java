package dev.signet.identity;

import dev.signet.config.IssuerConfig;
import dev.signet.identity.oidc.VerifiedToken;

/**
 * A configured OIDC issuer of one type. The pool has already verified the token's signature,
 * issuer, audience and times; the issuer checks its type's claims and builds the principal.
 */
public interface Issuer {

    /** The issuer's entry in the identity file. */
    IssuerConfig config();

    /** The type this issuer was configured with. */
    IssuerType type();

    /**
     * Reads the type's identity from a verified token.
     *
     * @throws dev.signet.error.SignetException INVALID_IDENTITY_TOKEN when a required claim is missing or invalid
     */
    Principal principal(VerifiedToken token);
}
