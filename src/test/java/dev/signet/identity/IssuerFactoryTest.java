package dev.signet.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.config.IssuerConfig;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IssuerFactoryTest {
    private static final String ISS = "https://issuer.example";

    /** The variants are found through META-INF/services: a type without its line would fail only at run time. */
    @Test
    void everyIssuerTypeBuildsAnIssuerOfThatType() {
        Set<IssuerType> built = EnumSet.noneOf(IssuerType.class);
        for (IssuerType type : IssuerType.values()) {
            if (type != IssuerType.CI_PROVIDER) { // needs the file's CI metadata: CiProviderIssuerTest builds it
                built.add(IssuerFactory.create(config(type), "test").type());
            }
        }
        assertEquals(EnumSet.complementOf(EnumSet.of(IssuerType.CI_PROVIDER)), built);
    }

    private static IssuerConfig config(IssuerType type) {
        Optional<String> subjectDomain = switch (type) {
            case URI -> Optional.of(ISS);
            case USERNAME -> Optional.of("issuer.example");
            default -> Optional.empty();
        };
        Optional<String> trustDomain = type == IssuerType.SPIFFE ? Optional.of("issuer.example") : Optional.empty();
        return new IssuerConfig(ISS, "sigstore", type.configName(), Optional.empty(), Optional.empty(), subjectDomain,
                trustDomain, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                false);
    }
}
