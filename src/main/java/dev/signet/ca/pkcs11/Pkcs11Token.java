package dev.signet.ca.pkcs11;

import dev.signet.ca.CaChainFile;
import dev.signet.ca.CaMaterial;
import dev.signet.ca.CaMaterialCheck;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.security.auth.login.FailedLoginException;

/**
 * One connection to the token: a new SunPKCS11 provider instance from the configuration file, a
 * login with the PIN, the CA key looked up by alias and its chain, checked like every CA's material
 * (the key makes a test signature verified with the certificate's public key).
 */
public final class Pkcs11Token {

    /** The JDK provider whose {@code configure} makes a provider per configuration file. */
    public static final String SUN_PKCS11 = "SunPKCS11";

    private static final int MAX_ALIASES_SHOWN = 20;
    private static final int MAX_CAUSES_SHOWN = 4;
    private static final int MAX_MESSAGE_CHARS = 300;

    private Pkcs11Token() {
    }

    /**
     * Connects and returns checked material whose key signs through the token.
     *
     * @throws SignetException {@code CA_BACKEND} saying which step failed (provider, login, key,
     *     chain, check); never the PIN
     */
    public static CaMaterial connect(Pkcs11Settings settings, Instant now) {
        return connect(provider(settings.config()), settings, now);
    }

    /**
     * Logs in through an existing provider instance and returns checked material.
     *
     * @throws SignetException {@code CA_BACKEND} saying which step failed; never the PIN
     */
    public static CaMaterial connect(Provider provider, Pkcs11Settings settings, Instant now) {
        KeyStore keyStore = login(provider, settings);
        PrivateKey key = privateKey(keyStore, settings.keyAlias());
        List<X509Certificate> chain = chain(keyStore, settings);
        return CaMaterialCheck.check(key, provider, chain, now, describe(settings));
    }

    /** How startup messages name the token. */
    static String describe(Pkcs11Settings settings) {
        return "the PKCS#11 token of " + settings.config() + " (alias " + settings.keyAlias() + ")";
    }

    /**
     * A new SunPKCS11 provider instance for {@code config}.
     *
     * @throws SignetException {@code CA_BACKEND} when the library cannot be loaded or the slot used
     */
    public static Provider provider(Path config) {
        Provider sunPkcs11 = Security.getProvider(SUN_PKCS11);
        if (sunPkcs11 == null) {
            throw failure("This JDK has no " + SUN_PKCS11 + " provider (module jdk.crypto.cryptoki)", null);
        }
        try {
            return sunPkcs11.configure(config.toString());
        } catch (RuntimeException e) {
            // "Library ... does not exist", "Initialization failed" (CKR_SLOT_ID_INVALID, CKR_TOKEN_NOT_RECOGNIZED), a bad keyword.
            throw failure("The PKCS#11 provider cannot be started from " + config + ": " + causes(e), e);
        }
    }

    private static KeyStore login(Provider provider, Pkcs11Settings settings) {
        char[] pin = settings.pin().read();
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, pin);
            return keyStore;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (hasCause(e, FailedLoginException.class)) {
                throw failure("The PKCS#11 token refused the login: wrong PIN (" + settings.pin() + ")", e);
            }
            throw failure("Cannot log in to the PKCS#11 token of " + settings.config() + ": " + causes(e), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static PrivateKey privateKey(KeyStore keyStore, String alias) {
        Key key;
        try {
            key = keyStore.getKey(alias, null);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw failure("The PKCS#11 key " + alias + " cannot be read: " + causes(e), e);
        }
        if (key instanceof PrivateKey privateKey) {
            return privateKey;
        }
        throw failure("The PKCS#11 token has no private key under alias " + alias + " (signet.ca.pkcs11.key-alias);"
                + " aliases in the token: " + aliases(keyStore), null);
    }

    private static List<X509Certificate> chain(KeyStore keyStore, Pkcs11Settings settings) {
        if (settings.certChain().isPresent()) {
            return readPem(settings.certChain().get(), "signet.ca.pkcs11.cert-chain");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            Certificate[] stored = keyStore.getCertificateChain(settings.keyAlias());
            if (stored == null || stored.length == 0) {
                Certificate single = keyStore.getCertificate(settings.keyAlias());
                stored = single == null ? new Certificate[0] : new Certificate[] {single};
            }
            for (Certificate certificate : stored) {
                if (!(certificate instanceof X509Certificate x509)) {
                    throw failure("The PKCS#11 token holds a non-X.509 certificate for alias " + settings.keyAlias(),
                            null);
                }
                chain.add(x509);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof SignetException signet) {
                throw signet;
            }
            throw failure("The certificate of PKCS#11 key " + settings.keyAlias() + " cannot be read: " + causes(e), e);
        }
        if (chain.isEmpty()) {
            throw failure("The PKCS#11 token holds no certificate for alias " + settings.keyAlias()
                    + "; store one with the key or set signet.ca.pkcs11.cert-chain", null);
        }
        if (settings.intermediates().isPresent()) {
            // The token's certificate only: any chain the token builds is replaced by the operator's file.
            List<X509Certificate> withIntermediates = new ArrayList<>();
            withIntermediates.add(chain.get(0));
            withIntermediates.addAll(readPem(settings.intermediates().get(), "signet.ca.pkcs11.intermediates"));
            return withIntermediates;
        }
        return chain;
    }

    private static List<X509Certificate> readPem(Path path, String property) {
        return CaChainFile.read(path, property);
    }

    private static String aliases(KeyStore keyStore) {
        try {
            List<String> aliases = Collections.list(keyStore.aliases());
            if (aliases.size() > MAX_ALIASES_SHOWN) {
                return aliases.subList(0, MAX_ALIASES_SHOWN) + " and " + (aliases.size() - MAX_ALIASES_SHOWN) + " more";
            }
            return aliases.toString();
        } catch (GeneralSecurityException | RuntimeException e) {
            return "(cannot be listed)";
        }
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The first causes' class names and messages (PKCS#11 return codes such as CKR_SLOT_ID_INVALID), bounded. */
    static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES_SHOWN; depth++, cause = cause.getCause()) {
            if (depth > 0) {
                text.append(" <- ");
            }
            String message = cause.getMessage();
            text.append(cause.getClass().getSimpleName());
            if (message != null) {
                text.append(": ").append(message.length() > MAX_MESSAGE_CHARS
                        ? message.substring(0, MAX_MESSAGE_CHARS) + "…" : message);
            }
        }
        return text.toString();
    }

    private static SignetException failure(String message, Throwable cause) {
        return new SignetException(ErrorKind.CA_BACKEND, message, cause);
    }
}
