package dev.signet.identity;

import dev.signet.config.IdentityConfig;
import dev.signet.config.IssuerConfig;
import java.util.function.BiFunction;

/**
 * Builds the issuers of one {@link IssuerType}. Each issuer type's package provides one and lists it
 * in {@code META-INF/services/dev.signet.identity.IssuerProvider}; {@link IssuerFactory} finds them
 * there, so this package never imports the packages of its variants (they import it).
 */
public interface IssuerProvider {

    /** The type this provider builds. */
    IssuerType type();

    /**
     * Builds and validates one issuer of {@link #type()}.
     *
     * @param identity the identity file the issuer comes from (for what else in it the issuer refers to)
     * @param where    names the issuer in error messages
     * @throws dev.signet.config.InvalidIdentityConfigException naming {@code where}
     */
    Issuer create(IssuerConfig config, IdentityConfig identity, String where);

    /**
     * Checks the parts of the whole identity file this type owns, before any issuer is built; nothing
     * unless the type reads more of the file than its issuers' entries.
     *
     * @throws dev.signet.config.InvalidIdentityConfigException naming where the problem is
     */
    default void checkFile(IdentityConfig identity) {
    }

    /** A provider that builds each issuer from its entry and {@code where} alone (every type but ci-provider). */
    abstract class ForType implements IssuerProvider {
        private final IssuerType type;
        private final BiFunction<IssuerConfig, String, Issuer> constructor;

        protected ForType(IssuerType type, BiFunction<IssuerConfig, String, Issuer> constructor) {
            this.type = type;
            this.constructor = constructor;
        }

        @Override
        public IssuerType type() {
            return type;
        }

        @Override
        public Issuer create(IssuerConfig config, IdentityConfig identity, String where) {
            return constructor.apply(config, where);
        }
    }
}
