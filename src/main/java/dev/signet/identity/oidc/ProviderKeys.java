package dev.signet.identity.oidc;

import java.util.List;

/** The usable verification keys of one identity provider, as of one fetch. */
record ProviderKeys(List<ProviderKey> keys) {

    ProviderKeys {
        keys = List.copyOf(keys);
    }

    /**
     * The keys that may have signed a token: the ones with its {@code kid} when it has one (compared
     * as an opaque string), otherwise every key of the right type.
     */
    List<ProviderKey> candidates(String kid, TokenAlgorithm alg) {
        return keys.stream()
                .filter(key -> kid == null || kid.equals(key.kid()))
                .filter(key -> key.fits(alg))
                .toList();
    }

    /** True when the provider published a key under this id, whatever its type. */
    boolean hasKid(String kid) {
        return kid != null && keys.stream().anyMatch(key -> kid.equals(key.kid()));
    }
}
