package dev.signet.ca.pkcs11;

import dev.signet.config.SignetConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code signet.ca.pkcs11.*} as plain values, for tests that bypass the config mapping. */
public record Pkcs11Config(Optional<Path> config, Optional<String> keyAlias, Optional<String> pinEnv,
        Optional<Path> pinFile, Optional<Path> certChain, Optional<Path> intermediates, Duration reconnectInterval)
        implements
            SignetConfig.Ca.Pkcs11 {

    /** Nothing set, defaults as in the mapping. */
    public static Pkcs11Config empty() {
        return new Pkcs11Config(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(5));
    }

    /** The provider config, alias and PIN file set. */
    public static Pkcs11Config of(Path config, String alias, Path pinFile) {
        return new Pkcs11Config(Optional.of(config), Optional.of(alias), Optional.empty(), Optional.of(pinFile),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(5));
    }
}
