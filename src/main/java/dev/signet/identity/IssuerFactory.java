package dev.signet.identity;

import dev.signet.config.IdentityConfig;
import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * From an issuer type to its implementation. Each type's package contributes an
 * {@link IssuerProvider}, found with {@link ServiceLoader} (not CDI: the identity file is also
 * loaded outside the container, by the tests and the file check), so the parent package depends on
 * none of its variants. Adding a type: its {@link IssuerType} constant, its package with the issuer
 * and its {@code Provider}, and one line in {@code META-INF/services/dev.signet.identity.IssuerProvider}.
 */
public final class IssuerFactory {

    private static final Map<IssuerType, IssuerProvider> PROVIDERS = providers();

    private IssuerFactory() {
    }

    /** Builds an issuer that needs nothing else from the file (every type but {@code ci-provider}). */
    public static Issuer create(IssuerConfig config, String where) {
        return create(config, IdentityConfig.empty(), where);
    }

    /**
     * Builds and validates the issuer; {@code identity} is the file it comes from (for the CI issuer
     * metadata it may refer to) and {@code where} names it in error messages.
     */
    public static Issuer create(IssuerConfig config, IdentityConfig identity, String where) {
        IssuerType type = IssuerType.fromConfigName(config.type()).orElseThrow(
                () -> new InvalidIdentityConfigException(where + ": unknown issuer type " + config.type()));
        if (config.issuerClaim().isPresent() && type != IssuerType.EMAIL) {
            throw new InvalidIdentityConfigException(where + ": only email issuers can use issuer claim mapping");
        }
        if (config.skipEmailVerification() && type != IssuerType.EMAIL) {
            throw new InvalidIdentityConfigException(where + ": only email issuers can skip email verification");
        }
        return PROVIDERS.get(type).create(config, identity, where);
    }

    /**
     * Checks what of the whole file belongs to an issuer type rather than to one issuer (the CI
     * issuer metadata's templates), before any issuer is built.
     */
    public static void checkFile(IdentityConfig identity) {
        PROVIDERS.values().forEach(provider -> provider.checkFile(identity));
    }

    /** One provider per type, or Signet is built wrong: a missing services line fails the first use. */
    private static Map<IssuerType, IssuerProvider> providers() {
        Map<IssuerType, IssuerProvider> providers = new EnumMap<>(IssuerType.class);
        ClassLoader loader = IssuerProvider.class.getClassLoader();
        for (IssuerProvider provider : ServiceLoader.load(IssuerProvider.class, loader)) {
            if (providers.put(provider.type(), provider) != null) {
                throw new IllegalStateException("two issuer providers for " + provider.type());
            }
        }
        for (IssuerType type : IssuerType.values()) {
            if (!providers.containsKey(type)) {
                throw new IllegalStateException("no issuer provider for " + type + " in META-INF/services");
            }
        }
        return Collections.unmodifiableMap(providers);
    }
}
