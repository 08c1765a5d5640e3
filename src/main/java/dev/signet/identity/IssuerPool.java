package dev.signet.identity;

import dev.signet.config.ConfigFiles;
import dev.signet.config.IdentityConfig;
import dev.signet.config.IdentityConfigLoader;
import dev.signet.config.IssuerConfig;
import dev.signet.config.SignetConfig;
import dev.signet.demo.DemoIssuer;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import dev.signet.identity.oidc.OidcIssuerSettings;
import dev.signet.identity.oidc.TokenVerifier;
import dev.signet.identity.oidc.UnverifiedToken;
import dev.signet.identity.oidc.VerifiedToken;
import dev.signet.policy.IssuancePolicy;
import dev.signet.policy.PolicyLoader;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
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
 * The configured issuers and issuance policy, and the one entry point from a raw token to a
 * verified, allowed principal. A token's {@code iss} is read before verification only to choose
 * the issuer; an unknown issuer is refused without any outbound request. The identity and policy
 * files are re-read when they change: a new generation that validates replaces the old one
 * atomically, one that does not is logged and leaves the old one in force.
 */
@ApplicationScoped
@Startup
public class IssuerPool {
    private static final Logger LOG = Logger.getLogger(IssuerPool.class);

    private final TokenVerifier verifier;
    private final int maxTokenLength;
    private final Optional<Path> identityFile;
    private final Optional<Path> policyFile;
    private final Optional<IssuerConfig> demoIssuer;
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
    public IssuerPool(SignetConfig config, TokenVerifier verifier, DemoIssuer demo) {
        this.verifier = verifier;
        this.maxTokenLength = config.oidc().maxTokenLength();
        this.identityFile = config.identity().config();
        this.policyFile = config.policy().config();
        this.demoIssuer = demo.enabled() ? Optional.of(demo.issuerConfig()) : Optional.empty();
        this.current = load(1, readFiles());
        verifier.retainStaticIssuers(staticSettings(current));
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

    /**
     * Verifies the token with its issuer, reads the identity it carries, and applies the policy.
     *
     * @throws SignetException INVALID_IDENTITY_TOKEN, IDENTITY_PROVIDER_UNAVAILABLE when the issuer's
     *     keys cannot be fetched, or POLICY_DENIED
     */
    public Principal authenticate(String rawToken) {
        return authenticated(rawToken).principal();
    }

    /** A verified identity and the type of the issuer that vouched for it (a bounded metrics label). */
    public record Authenticated(Principal principal, IssuerType type) {
    }

    /** {@link #authenticate}, also naming the issuer's type. */
    public Authenticated authenticated(String rawToken) {
        return authenticated(rawToken, true).orElseThrow();
    }

    /**
     * {@link #authenticated}, except that it never waits for an identity provider: empty when the
     * issuer's keys must be fetched first (see {@link TokenVerifier#verifyIfKeysReady}).
     */
    public Optional<Authenticated> authenticatedIfKeysReady(String rawToken) {
        return authenticated(rawToken, false);
    }

    private Optional<Authenticated> authenticated(String rawToken, boolean mayWait) {
        Generation generation = current;
        UnverifiedToken token = UnverifiedToken.parse(rawToken, maxTokenLength);
        IssuerSet.Match match = generation.issuers().match(token.issuer()).orElseThrow(() -> new SignetException(
                ErrorKind.INVALID_IDENTITY_TOKEN, "token issuer is not configured: " + printable(token.issuer())));
        OidcIssuerSettings settings = settings(match.issuer().config(), match.meta());
        Optional<VerifiedToken> ready = mayWait ? Optional.of(verifier.verify(token, settings))
                : verifier.verifyIfKeysReady(token, settings);
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        VerifiedToken verified = ready.get();
        Principal principal = match.issuer().principal(verified);
        generation.policy().check(match.configKey(), verified);
        return Optional.of(new Authenticated(principal, match.issuer().type()));
    }

    private static OidcIssuerSettings settings(IssuerConfig config, boolean meta) {
        return new OidcIssuerSettings(config.issuerUrl(), config.clientId(), meta, config.caCert());
    }

    /** What verification knows the static issuers of {@code generation} by, so their keys stay cached. */
    private static Set<OidcIssuerSettings> staticSettings(Generation generation) {
        Set<OidcIssuerSettings> settings = new HashSet<>();
        generation.issuers().all().forEach(issuer -> settings.add(settings(issuer.config(), false)));
        return settings;
    }

    /** The configured static issuers in file order (the demo issuer last). */
    public List<Issuer> issuers() {
        return current.issuers().all();
    }

    /** The configuration in force. */
    public Generation generation() {
        return current;
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
            verifier.retainStaticIssuers(staticSettings(next));
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
        IssuerSet issuers = IssuerSet.of(identity, identitySource, demoIssuer);
        Set<String> known = new HashSet<>(identity.oidcIssuers().keySet());
        known.addAll(identity.metaIssuers().keySet());
        IssuancePolicy policy = policyFile.isEmpty() ? IssuancePolicy.none()
                : PolicyLoader.parse(new String(files.policy(), StandardCharsets.UTF_8),
                        policyFile.get().toString(), known);
        return new Generation(number, issuers, policy, files.fingerprint());
    }

    private static void logGeneration(Generation generation) {
        if (generation.issuers().isEmpty()) {
            LOG.warn("No OIDC issuer is configured (signet.identity.config is unset or empty): every token will be refused");
        } else {
            LOG.infof("Identity configuration generation %d: trusting %d OIDC issuer(s) and %d meta issuer "
                            + "pattern(s): %s; policy rules for: %s",
                    generation.number(), generation.issuers().all().size(), generation.issuers().metaIssuers().size(),
                    String.join(", ", generation.issuers().urls()),
                    generation.policy().restrictedIssuers().isEmpty() ? "none"
                            : String.join(", ", generation.policy().restrictedIssuers()));
        }
    }

    /** The meta issuer patterns in file order. */
    public List<MetaIssuer> metaIssuers() {
        return current.issuers().metaIssuers();
    }

    /** An attacker-chosen value, shortened and stripped of control characters before it reaches a log line. */
    private static String printable(String value) {
        String cut = value.length() > 200 ? value.substring(0, 200) + "…" : value;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
