package dev.signet.challenge;

import dev.signet.config.SignetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code signet.client-signing-algorithms} allow-list, read once from the configuration: what a
 * {@link ProofVerifier} accepts and what the configuration endpoint announces.
 */
@ApplicationScoped
public class ClientSigningAlgorithms {
    private final Set<SigningAlgorithm> allowed;

    @Inject
    public ClientSigningAlgorithms(SignetConfig config) {
        this(config.clientSigningAlgorithms());
    }

    /** @throws IllegalArgumentException naming the property and the first unknown name */
    ClientSigningAlgorithms(List<String> names) {
        this.allowed = parse(names);
    }

    /** The accepted algorithms, unmodifiable, in registry order. */
    public Set<SigningAlgorithm> allowed() {
        return allowed;
    }

    private static Set<SigningAlgorithm> parse(List<String> names) {
        Set<SigningAlgorithm> allowed = EnumSet.noneOf(SigningAlgorithm.class);
        for (String name : names) {
            allowed.add(SigningAlgorithm.fromConfigName(name.trim()).orElseThrow(() -> new IllegalArgumentException(
                    "signet.client-signing-algorithms: unknown algorithm " + name)));
        }
        return Collections.unmodifiableSet(allowed);
    }
}
