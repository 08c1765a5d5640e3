package dev.signet.ca.kms;

import dev.signet.config.SignetConfig;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The kms CA's settings, validated.
 *
 * @param reference        the key
 * @param certChain        PEM chain whose first certificate holds the key's public key (the CA's; the
 *                         {@code ca} tool creates one)
 * @param timeout          deadline of one KMS call
 * @param maxInFlight      most signatures outstanding at once
 * @param endpoint         the service endpoint instead of the SDK's (Vault: its address)
 * @param awsRegion        the AWS region, when set
 * @param vaultTokenFile   file with the Vault token, when set
 * @param vaultTransitPath the Transit engine's mount path
 * @param environment      the process environment ({@code VAULT_ADDR}, {@code VAULT_TOKEN}, …)
 * @param vaultKubernetes  Vault's Kubernetes auth instead of a Vault token, when set
 */
public record KmsSettings(KmsKeyReference reference, Optional<Path> certChain, Duration timeout, int maxInFlight,
        Optional<URI> endpoint, Optional<String> awsRegion, Optional<Path> vaultTokenFile, String vaultTransitPath,
        Function<String, String> environment, Optional<VaultKubernetes> vaultKubernetes) {

    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern TRANSIT_PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");

    /**
     * Vault's Kubernetes auth method (developer.hashicorp.com/vault/api-docs/auth/kubernetes#login).
     *
     * @param role      the Vault role to log in as
     * @param mount     the auth method's mount path ({@code kubernetes})
     * @param tokenFile the service account token (JWT), read again at every login
     */
    public record VaultKubernetes(String role, String mount, Path tokenFile) {
        public VaultKubernetes {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(mount, "mount");
            Objects.requireNonNull(tokenFile, "tokenFile");
        }
    }

    /** Settings with a Vault token (or no Vault at all), not Vault's Kubernetes auth. */
    public KmsSettings(KmsKeyReference reference, Optional<Path> certChain, Duration timeout, int maxInFlight,
            Optional<URI> endpoint, Optional<String> awsRegion, Optional<Path> vaultTokenFile, String vaultTransitPath,
            Function<String, String> environment) {
        this(reference, certChain, timeout, maxInFlight, endpoint, awsRegion, vaultTokenFile, vaultTransitPath,
                environment, Optional.empty());
    }

    public KmsSettings {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(certChain, "certChain");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(awsRegion, "awsRegion");
        Objects.requireNonNull(vaultTokenFile, "vaultTokenFile");
        Objects.requireNonNull(vaultTransitPath, "vaultTransitPath");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(vaultKubernetes, "vaultKubernetes");
    }

    /**
     * The settings of {@code config} and the process environment.
     *
     * @throws SignetException {@code CA_BACKEND} naming the property that is missing or wrong
     */
    public static KmsSettings fromConfig(SignetConfig.Ca.Kms config, Function<String, String> environment) {
        String keyText =
                config.key().orElseThrow(() -> invalid("signet.ca.kms.key is required for signet.ca.type=kms"));
        KmsKeyReference reference;
        try {
            reference = KmsKeyReference.parse(keyText.strip());
        } catch (IllegalArgumentException e) {
            throw invalid("signet.ca.kms.key: " + e.getMessage());
        }
        Path chain = config.certChain()
                .orElseThrow(() -> invalid("signet.ca.kms.cert-chain is required for signet.ca.type=kms"));
        if (!Files.isReadable(chain)) {
            throw invalid("signet.ca.kms.cert-chain " + chain + " is not a readable file");
        }
        Duration timeout = config.timeout();
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw invalid("signet.ca.kms.timeout must be between " + MIN_TIMEOUT + " and " + MAX_TIMEOUT);
        }
        Optional<URI> endpoint = config.endpoint().map(KmsSettings::endpoint);
        Optional<String> region = config.awsRegion().map(String::strip);
        if (region.isPresent() && !REGION.matcher(region.get()).matches()) {
            throw invalid("signet.ca.kms.aws-region is not an AWS region name");
        }
        String transit = config.vaultTransitPath()
                .or(() -> Optional.ofNullable(environment.apply("TRANSIT_SECRET_ENGINE_PATH")))
                .map(String::strip).filter(path -> !path.isEmpty()).orElse("transit");
        if (!TRANSIT_PATH.matcher(transit).matches() || transit.length() > 128) {
            throw invalid(
                    "the Vault transit path must be 1 to 128 characters of letters, digits, '_', '.', '-' and '/'");
        }
        return new KmsSettings(reference, Optional.of(chain), timeout, config.maxInFlight(), endpoint, region,
                config.vaultTokenFile(), transit, environment, vaultKubernetes(config, reference, environment));
    }

    /** Vault's Kubernetes auth when its role is set: only for a Vault key, and never beside a Vault token. */
    private static Optional<VaultKubernetes> vaultKubernetes(SignetConfig.Ca.Kms config, KmsKeyReference reference,
            Function<String, String> environment) {
        Optional<String> role = config.vaultKubernetesRole().map(String::strip).filter(text -> !text.isEmpty());
        if (role.isEmpty()) {
            return Optional.empty();
        }
        if (reference.service() != KmsKeyReference.Service.VAULT) {
            throw invalid("signet.ca.kms.vault-kubernetes-role is only for hashivault:// keys");
        }
        if (config.vaultTokenFile().isPresent()) {
            throw invalid("signet.ca.kms.vault-kubernetes-role and signet.ca.kms.vault-token-file are both set: "
                    + "choose one way to authenticate to Vault");
        }
        String token = environment.apply("VAULT_TOKEN");
        if (token != null && !token.isBlank()) {
            throw invalid("signet.ca.kms.vault-kubernetes-role and VAULT_TOKEN are both set: "
                    + "choose one way to authenticate to Vault");
        }
        if (!ROLE.matcher(role.get()).matches()) {
            throw invalid("signet.ca.kms.vault-kubernetes-role must be 1 to 128 letters, digits, '_', '.', '@', '-'");
        }
        String mount = config.vaultKubernetesMount().strip();
        if (!TRANSIT_PATH.matcher(mount).matches() || mount.length() > 128) {
            throw invalid("signet.ca.kms.vault-kubernetes-mount must be 1 to 128 characters of letters, digits, "
                    + "'_', '.', '-' and '/'");
        }
        return Optional.of(new VaultKubernetes(role.get(), mount, config.vaultKubernetesTokenFile()));
    }

    private static URI endpoint(String text) {
        URI uri;
        try {
            uri = URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw invalid("signet.ca.kms.endpoint is not a URL");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getUserInfo() != null) {
            throw invalid("signet.ca.kms.endpoint must be an http(s) URL with a host and no user information");
        }
        return uri;
    }

    private static SignetException invalid(String message) {
        return new SignetException(ErrorKind.CA_BACKEND, message);
    }
}
