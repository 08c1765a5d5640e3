package dev.signet.issuance;

import dev.signet.config.ConfigFiles;
import dev.signet.config.IdentityConfig;
import dev.signet.config.IdentityConfigLoader;
import dev.signet.config.IssuerConfig;
import dev.signet.config.SignetConfig;
import dev.signet.identity.Authenticator;
import dev.signet.identity.BuiltInIssuer;
import dev.signet.identity.IssuerSet;
import dev.signet.policy.IssuancePolicy;
import dev.signet.policy.PolicyLoader;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The identity file (which issuers are trusted) and the policy file (which of their identities may
 * get a certificate), read and validated at start and re-read when they change: a new generation
 * that validates replaces the old one atomically, one that does not is logged and leaves the old
 * one in force. Both files make one generation because the policy is keyed by the identity file's
 * issuers; a request reads the generation once and uses its issuers and its policy. It lives in
 * issuance, above both identity and policy, so neither of those needs to know the other.
 */
@ApplicationScoped
@Startup
public class IdentityFiles {
    private static final Logger LOG = Logger.getLogger(IdentityFiles.class);

    private final Authenticator authenticator;
    private final Optional<Path> identityFile;
    private final Optional<Path> policyFile;
    private final Optional<IssuerConfig> builtInIssuer;
    private final ScheduledExecutorService watcher;
    private volatile Generation current;
    private volatile Optional<ReloadFailure> lastFailure = Optional.empty();

    /**
     * One validated configuration.
     *
     * @param number      1 at startup, then one more per applied reload
     * @param issuers     the issuers
     * @param policy      the issuance policy
     * @param fingerprint hash of the files it was built from
     */
    public record Generation(long number, IssuerSet issuers, IssuancePolicy policy, byte[] fingerprint) {
    }

    /**
     * A reload that was refused.
     *
     * @param at      when
     * @param message why (names the file and issuer, never a secret)
     */
    public record ReloadFailure(Instant at, String message) {
    }

    @Inject
    public IdentityFiles(SignetConfig config, Authenticator authenticator, Instance<BuiltInIssuer> builtIns) {
        this.authenticator = authenticator;
        this.identityFile = config.identity().config();
        this.policyFile = config.policy().config();
        this.builtInIssuer = builtInIssuer(builtIns);
        this.current = load(1, readFiles());
        authenticator.keepKeysOf(current.issuers());
        logGeneration(current);
        Duration interval = config.identity().reloadInterval();
        if (interval.isZero() || interval.isNegative() || (identityFile.isEmpty() && policyFile.isEmpty())) {
            this.watcher = null;
        } else {
            this.watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "signet-identity-reload");
                thread.setDaemon(true);
                return thread;
            });
            watcher.scheduleWithFixedDelay(this::reloadIfChanged, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The one enabled built-in issuer (the demo issuer), if any; two would be a wiring mistake. */
    private static Optional<IssuerConfig> builtInIssuer(Instance<BuiltInIssuer> builtIns) {
        List<IssuerConfig> enabled = builtIns.stream().map(BuiltInIssuer::issuerConfig).flatMap(Optional::stream)
                .toList();
        if (enabled.size() > 1) {
            throw new IllegalStateException("more than one built-in issuer is enabled");
        }
        return enabled.stream().findFirst();
    }

    /** The configuration in force. */
    public Generation generation() {
        return current;
    }

    /** The configured static issuers and meta issuer patterns in force. */
    public IssuerSet issuers() {
        return current.issuers();
    }

    /** The last refused reload, if the files are still in that state. */
    public Optional<ReloadFailure> lastFailure() {
        return lastFailure;
    }

    /** Re-reads the files and applies them if they changed and validate; called by the watcher. */
    void reloadIfChanged() {
        try {
            Files files = readFiles();
            if (Arrays.equals(files.fingerprint(), current.fingerprint())) {
                lastFailure = Optional.empty();
                return;
            }
            Generation next = load(current.number() + 1, files);
            current = next;
            authenticator.keepKeysOf(next.issuers());
            lastFailure = Optional.empty();
            logGeneration(next);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (lastFailure.map(f -> !f.message().equals(message)).orElse(true)) {
                LOG.errorf("Identity configuration change refused; generation %d stays in force: %s",
                        current.number(), message);
            }
            lastFailure = Optional.of(new ReloadFailure(Instant.now(), message));
        }
    }

    @PreDestroy
    void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /** The raw contents of both files, read once per load so a generation is built from one snapshot. */
    private record Files(byte[] identity, byte[] policy) {
        byte[] fingerprint() {
            byte[] both = Arrays.copyOf(ConfigFiles.fingerprint(identity), 64);
            System.arraycopy(ConfigFiles.fingerprint(policy), 0, both, 32, 32);
            return both;
        }
    }

    private Files readFiles() {
        return new Files(identityFile.map(ConfigFiles::read).orElse(new byte[0]),
                policyFile.map(ConfigFiles::read).orElse(new byte[0]));
    }

    private Generation load(long number, Files files) {
        String identitySource = identityFile.map(Object::toString).orElse("identity config");
        IdentityConfig identity = identityFile.isEmpty() ? IdentityConfig.empty()
                : IdentityConfigLoader.parse(new String(files.identity(), StandardCharsets.UTF_8), identitySource);
        IssuerSet issuers = IssuerSet.of(identity, identitySource, builtInIssuer);
        Set<String> known = new HashSet<>(identity.oidcIssuers().keySet());
        known.addAll(identity.metaIssuers().keySet());
        IssuancePolicy policy = policyFile.isEmpty() ? IssuancePolicy.none()
                : PolicyLoader.parse(new String(files.policy(), StandardCharsets.UTF_8),
                        policyFile.get().toString(), known);
        return new Generation(number, issuers, policy, files.fingerprint());
    }

    private static void logGeneration(Generation generation) {
        if (generation.issuers().isEmpty()) {
            LOG.warn(
                    "No OIDC issuer is configured (signet.identity.config is unset or empty): every token will be refused");
        } else {
            LOG.infof("Identity configuration generation %d: trusting %d OIDC issuer(s) and %d meta issuer "
                    + "pattern(s): %s; policy rules for: %s",
                    generation.number(), generation.issuers().all().size(), generation.issuers().metaIssuers().size(),
                    String.join(", ", generation.issuers().urls()),
                    generation.policy().restrictedIssuers().isEmpty() ? "none"
                            : String.join(", ", generation.policy().restrictedIssuers()));
        }
    }
}
