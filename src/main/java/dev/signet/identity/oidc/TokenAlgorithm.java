package dev.signet.identity.oidc;

import java.util.Optional;

/**
 * The asymmetric JWS algorithms Signet accepts, each tied to the key it needs. Never taken from an
 * issuer's discovery document: Keycloak, for one, advertises HS256 there.
 */
enum TokenAlgorithm {
    RS256(KeyFamily.RSA),
    RS384(KeyFamily.RSA),
    RS512(KeyFamily.RSA),
    PS256(KeyFamily.RSA),
    PS384(KeyFamily.RSA),
    PS512(KeyFamily.RSA),
    ES256(KeyFamily.EC_P256),
    ES384(KeyFamily.EC_P384),
    ES512(KeyFamily.EC_P521),
    EdDSA(KeyFamily.ED25519);

    private final KeyFamily keyFamily;

    TokenAlgorithm(KeyFamily keyFamily) {
        this.keyFamily = keyFamily;
    }

    KeyFamily keyFamily() {
        return keyFamily;
    }

    /** The JOSE name, exactly as it appears in a header ({@code "RS256"}, {@code "EdDSA"}). */
    String joseName() {
        return name();
    }

    /** Exact, case-sensitive lookup: {@code "none"}, {@code "None"} and every HMAC name find nothing. */
    static Optional<TokenAlgorithm> fromJoseName(String name) {
        for (TokenAlgorithm alg : values()) {
            if (alg.name().equals(name)) {
                return Optional.of(alg);
            }
        }
        return Optional.empty();
    }

    /** The kinds of public key an issuer can publish that Signet accepts. */
    enum KeyFamily {
        RSA, EC_P256, EC_P384, EC_P521, ED25519
    }
}
