package dev.signet.identity.oidc;

import dev.signet.identity.oidc.TokenAlgorithm.KeyFamily;
import java.security.PublicKey;

/**
 * One verification key published by an identity provider.
 *
 * @param kid       the key id, or null; only ever a lookup key
 * @param family    the kind of key, which decides the algorithms it can verify
 * @param algorithm the algorithm the provider pinned for this key ({@code alg}), or null
 * @param publicKey the decoded, validated key
 */
record ProviderKey(String kid, KeyFamily family, TokenAlgorithm algorithm, PublicKey publicKey) {

    /** True when a token signed with {@code alg} could have been made with this key. */
    boolean fits(TokenAlgorithm alg) {
        return alg.keyFamily() == family && (algorithm == null || algorithm == alg);
    }
}
