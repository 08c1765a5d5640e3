package dev.signet.ca.pkcs11;

import dev.signet.config.SignetConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The validated {@code signet.ca.pkcs11.*} settings.
 *
 * @param config            SunPKCS11 provider configuration file (exists, readable)
 * @param keyAlias          keystore alias of the CA key in the token
 * @param pin               where the token PIN comes from
 * @param certChain         PEM chain replacing the token's certificate, if set
 * @param intermediates     PEM certificates appended after the token's certificate, if set
 * @param reconnectInterval shortest time between two reconnect attempts
 */
public record Pkcs11Settings(Path config, String keyAlias, Pkcs11Pin pin, Optional<Path> certChain,
        Optional<Path> intermediates, Duration reconnectInterval) {

    /** Longest key alias accepted (PKCS#11 labels are short; this only bounds garbage). */
    public static final int MAX_ALIAS_LENGTH = 256;

    public Pkcs11Settings {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(keyAlias, "keyAlias");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(certChain, "certChain");
        Objects.requireNonNull(intermediates, "intermediates");
        Objects.requireNonNull(reconnectInterval, "reconnectInterval");
    }

    /**
     * Validates the configuration properties; {@code environment} looks up environment variables
     * ({@code System::getenv} in production).
     *
     * @throws SignetException {@code CA_BACKEND} listing every problem, each naming its property
     */
    public static Pkcs11Settings fromConfig(SignetConfig.Ca.Pkcs11 config, Function<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Path providerConfig = config.config().orElse(null);
        if (providerConfig == null) {
            problems.add("signet.ca.pkcs11.config is not set (the SunPKCS11 provider configuration file)");
        } else if (!Files.isRegularFile(providerConfig) || !Files.isReadable(providerConfig)) {
            problems.add("signet.ca.pkcs11.config " + providerConfig + " is not a readable file");
        }
        String alias = config.keyAlias().map(String::strip).orElse("");
        if (alias.isEmpty()) {
            problems.add("signet.ca.pkcs11.key-alias is not set (the keystore alias of the CA key in the token)");
        } else if (alias.length() > MAX_ALIAS_LENGTH) {
            problems.add("signet.ca.pkcs11.key-alias is longer than " + MAX_ALIAS_LENGTH + " characters");
        }
        Optional<String> pinEnv = config.pinEnv().map(String::strip).filter(name -> !name.isEmpty());
        Optional<Path> pinFile = config.pinFile();
        if (pinEnv.isPresent() == pinFile.isPresent()) {
            problems.add("exactly one of signet.ca.pkcs11.pin-env and signet.ca.pkcs11.pin-file must be set, "
                    + (pinEnv.isPresent() ? "both are" : "neither is"));
        } else if (pinEnv.isPresent() && environment.apply(pinEnv.get()) == null) {
            problems.add("signet.ca.pkcs11.pin-env names the environment variable " + pinEnv.get()
                    + ", which is not set");
        } else if (pinFile.isPresent() && (!Files.isRegularFile(pinFile.get()) || !Files.isReadable(pinFile.get()))) {
            problems.add("signet.ca.pkcs11.pin-file " + pinFile.get() + " is not a readable file");
        }
        if (config.certChain().isPresent() && config.intermediates().isPresent()) {
            problems.add("signet.ca.pkcs11.cert-chain and signet.ca.pkcs11.intermediates cannot both be set: the chain"
                    + " file already holds the intermediates");
        }
        config.certChain().filter(path -> !Files.isReadable(path))
                .ifPresent(path -> problems.add("signet.ca.pkcs11.cert-chain " + path + " is not a readable file"));
        config.intermediates().filter(path -> !Files.isReadable(path))
                .ifPresent(path -> problems.add("signet.ca.pkcs11.intermediates " + path + " is not a readable file"));
        Duration reconnect = config.reconnectInterval();
        if (reconnect.isNegative() || reconnect.isZero()) {
            problems.add("signet.ca.pkcs11.reconnect-interval must be positive, got " + reconnect);
        }
        if (!problems.isEmpty()) {
            throw new SignetException(ErrorKind.CA_BACKEND, "The PKCS#11 CA is misconfigured: "
                    + String.join("; ", problems));
        }
        Pkcs11Pin pin = pinEnv.isPresent()
                ? Pkcs11Pin.fromEnvironment(pinEnv.get(), environment)
                : Pkcs11Pin.fromFile(pinFile.get());
        return new Pkcs11Settings(providerConfig, alias, pin, config.certChain(), config.intermediates(), reconnect);
    }
}
