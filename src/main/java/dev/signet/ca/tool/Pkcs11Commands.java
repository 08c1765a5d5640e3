package dev.signet.ca.tool;

import dev.signet.ca.CaCertificates;
import dev.signet.ca.CaHierarchy;
import dev.signet.ca.CaMaterialCheck;
import dev.signet.ca.CaSignatureAlgorithm;
import dev.signet.ca.file.PemCaWriter;
import dev.signet.codec.BouncyCastle;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code signet ca create} and {@code signet ca intermediate} with keys generated inside a PKCS#11
 * token through the JDK's SunPKCS11 provider. Keys never leave the token; each key is stored with
 * its certificate chain under an alias, which is what SunPKCS11's KeyStore (and so
 * {@code signet.ca.pkcs11.key-alias}) sees.
 */
final class Pkcs11Commands {

    /**
     * Appended to the operator's SunPKCS11 configuration: generated keys are token objects (they
     * survive the session) and private keys are private, sensitive and not extractable.
     */
    static final String GENERATE_ATTRIBUTES = """

            attributes(generate, *, *) = {
              CKA_TOKEN = true
            }
            attributes(generate, CKO_PRIVATE_KEY, *) = {
              CKA_PRIVATE = true
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
            }
            """;

    private static final int MAX_CONFIG_BYTES = 64 * 1024;
    private static final byte[] TEST_MESSAGE = "signet ca token check".getBytes(StandardCharsets.US_ASCII);

    private final Secrets secrets;
    private final PrintStream out;
    private final PrintStream err;
    private final SecureRandom random = new SecureRandom();

    Pkcs11Commands(Secrets secrets, PrintStream out, PrintStream err) {
        this.secrets = secrets;
        this.out = out;
        this.err = err;
    }

    /** A new root and intermediate inside the token, under {@code --root-alias} and {@code --key-alias}. */
    void create(Arguments arguments, Instant now) throws ToolFailure {
        CaHierarchy.Spec spec = CaOptions.spec(arguments);
        CaKeyType keyType = CaOptions.keyType(arguments);
        String keyAlias = arguments.required("key-alias");
        String rootAlias = arguments.orElse("root-alias", keyAlias + "-root");
        if (rootAlias.equals(keyAlias)) {
            throw ToolFailure.usage("--root-alias and --key-alias must differ");
        }
        Token token = open(arguments);
        token.refuseExisting(rootAlias);
        token.refuseExisting(keyAlias);
        CaHierarchy hierarchy;
        try {
            hierarchy = CaHierarchy.create(spec, () -> keyType.generate(token.provider, random), token.provider, now,
                    random);
            CaMaterialCheck.checkPublishedChain(hierarchy.chain(), "the new CA");
        } catch (SignetException | IllegalStateException | ProviderException e) {
            throw ToolFailure.failed("the token could not create the CA: " + describe(e), e);
        }
        List<String> stored = new ArrayList<>();
        try {
            token.store(rootAlias, hierarchy.rootKeys().getPrivate(), List.of(hierarchy.root()));
            stored.add(rootAlias);
            token.store(keyAlias, hierarchy.intermediateKeys().getPrivate(), hierarchy.chain());
            stored.add(keyAlias);
            token.verify(keyAlias, hierarchy.chain());
        } catch (ToolFailure e) {
            token.deleteQuietly(stored);
            throw e;
        }
        err.println("Created a " + keyType.optionValue() + " root (alias " + rootAlias + ") and intermediate (alias "
                + keyAlias + ") in the token; set signet.ca.pkcs11.key-alias=" + keyAlias + ".");
        publish(arguments, hierarchy.chain());
    }

    /** A new intermediate inside the token under {@code --key-alias}, signed by the root key under {@code --root-alias}. */
    void intermediate(Arguments arguments, Instant now) throws ToolFailure {
        CaKeyType keyType = CaOptions.keyType(arguments);
        var subject = CaOptions.intermediateSubject(arguments);
        Duration lifetime = CaOptions.intermediateLifetime(arguments);
        String keyAlias = arguments.required("key-alias");
        String rootAlias = arguments.required("root-alias");
        Token token = open(arguments);
        token.refuseExisting(keyAlias);
        PrivateKey rootKey = token.privateKey(rootAlias);
        X509Certificate root = token.certificate(rootAlias);
        try {
            CaMaterialCheck.checkPublishedChain(List.of(root), "root " + rootAlias);
        } catch (SignetException e) {
            throw ToolFailure.failed(e.getMessage(), e);
        }
        Roots.checkCanSignIntermediate(root, lifetime, now, "the root under " + rootAlias);
        List<X509Certificate> chain;
        KeyPair keys;
        try {
            keys = keyType.generate(token.provider, random);
            X509Certificate intermediate = CaCertificates.intermediate(keys.getPublic(), subject, root, rootKey, now,
                    lifetime, random, token.provider);
            chain = List.of(intermediate, root);
            CaMaterialCheck.checkPublishedChain(chain, "the new intermediate");
        } catch (SignetException | IllegalStateException | ProviderException e) {
            throw ToolFailure.failed("the token could not create the intermediate: " + describe(e), e);
        }
        try {
            token.store(keyAlias, keys.getPrivate(), chain);
            token.verify(keyAlias, chain);
        } catch (ToolFailure e) {
            token.deleteQuietly(List.of(keyAlias));
            throw e;
        }
        err.println("Created a " + keyType.optionValue() + " intermediate (alias " + keyAlias + ") signed by root "
                + rootAlias + "; switch signet.ca.pkcs11.key-alias to " + keyAlias + " to issue with it.");
        publish(arguments, chain);
    }

    /** The chain as PEM on standard output, and in {@code --out}/chain.pem when given. */
    private void publish(Arguments arguments, List<X509Certificate> chain) throws ToolFailure {
        publish(arguments, chain, "the keys are in the token", out, err);
    }

    /**
     * Writes the chain to {@code --out DIR/chain.pem} if asked (never over an existing file) and
     * prints it as PEM on {@code out}; {@code keysKept} says where the keys are, for a failure.
     */
    static void publish(Arguments arguments, List<X509Certificate> chain, String keysKept, PrintStream out,
            PrintStream err) throws ToolFailure {
        byte[] pem;
        try {
            pem = PemCaWriter.certificates(chain);
        } catch (IOException e) {
            throw ToolFailure.failed("the chain cannot be encoded", e);
        }
        if (arguments.has("out")) {
            Path file = Path.of(arguments.required("out")).resolve(PemCaWriter.CHAIN_FILE);
            if (Files.exists(file)) {
                err.println(file + " already exists and was left alone; the chain is printed below.");
            } else {
                try {
                    PemCaWriter.writeOwnerOnly(file, pem);
                    err.println("Wrote the chain (intermediate then root) to " + file);
                } catch (IOException e) {
                    throw ToolFailure.failed(keysKept + ", but " + file + " cannot be written: "
                            + e.getMessage(), e);
                }
            }
        }
        err.println("Intermediate SHA-256 " + CaCertificates.fingerprint(chain.get(0)) + ", root SHA-256 "
                + CaCertificates.fingerprint(chain.get(chain.size() - 1)));
        out.print(new String(pem, StandardCharsets.US_ASCII));
        out.flush();
    }

    private Token open(Arguments arguments) throws ToolFailure {
        Path config = Path.of(arguments.required("pkcs11-config"));
        char[] pin = secrets.read(arguments, "pin-file", "pin-env", "PIN");
        try {
            Provider base = Security.getProvider("SunPKCS11");
            if (base == null) {
                throw ToolFailure.failed("this Java runtime has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
            }
            Provider provider;
            try {
                provider = base.configure("--" + readConfig(config) + GENERATE_ATTRIBUTES);
            } catch (ProviderException | IllegalArgumentException | UnsupportedOperationException e) {
                throw ToolFailure.failed("the PKCS#11 configuration " + config + " cannot be used: " + describe(e), e);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            try {
                keyStore.load(null, pin);
            } catch (IOException e) {
                throw ToolFailure.failed("cannot log in to the token of " + config
                        + " (wrong PIN, or the token is not initialised): " + describe(e), e);
            }
            return new Token(provider, keyStore);
        } catch (GeneralSecurityException | ProviderException e) {
            throw ToolFailure.failed("the token of " + config + " cannot be opened: " + describe(e), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static String readConfig(Path config) throws ToolFailure {
        try (InputStream in = Files.newInputStream(config)) {
            byte[] bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
            if (bytes.length > MAX_CONFIG_BYTES) {
                throw ToolFailure.failed("the PKCS#11 configuration " + config + " is larger than " + MAX_CONFIG_BYTES
                        + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ToolFailure.failed("the PKCS#11 configuration " + config + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }

    /** An exception and its causes, by type and message; PINs never reach these messages. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 500; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    /** The configured provider and its logged-in KeyStore. */
    private static final class Token {
        final Provider provider;
        final KeyStore keyStore;

        Token(Provider provider, KeyStore keyStore) {
            this.provider = provider;
            this.keyStore = keyStore;
        }

        void refuseExisting(String alias) throws ToolFailure {
            try {
                if (keyStore.containsAlias(alias)) {
                    throw ToolFailure.failed("the token already has an entry under alias " + alias
                            + "; refusing to replace CA material (choose another alias)");
                }
            } catch (GeneralSecurityException e) {
                throw ToolFailure.failed("the token's entries cannot be listed: " + describe(e), e);
            }
        }

        PrivateKey privateKey(String alias) throws ToolFailure {
            try {
                Key key = keyStore.getKey(alias, null);
                if (key instanceof PrivateKey privateKey) {
                    return privateKey;
                }
                throw ToolFailure.failed("the token has no private key under alias " + alias);
            } catch (GeneralSecurityException e) {
                throw ToolFailure.failed("the key under alias " + alias + " cannot be read: " + describe(e), e);
            }
        }

        X509Certificate certificate(String alias) throws ToolFailure {
            try {
                if (keyStore.getCertificate(alias) instanceof X509Certificate certificate) {
                    return certificate;
                }
                throw ToolFailure.failed("the token has no certificate under alias " + alias);
            } catch (GeneralSecurityException e) {
                throw ToolFailure.failed("the certificate under alias " + alias + " cannot be read: " + describe(e), e);
            }
        }

        void store(String alias, PrivateKey key, List<X509Certificate> chain) throws ToolFailure {
            try {
                keyStore.setKeyEntry(alias, key, null, chain.toArray(new Certificate[0]));
            } catch (GeneralSecurityException | ProviderException e) {
                throw ToolFailure.failed("the key and certificate cannot be stored under alias " + alias + ": "
                        + describe(e), e);
            }
        }

        /** Reads the entry back as Signet will, and signs with its key: the token really holds a usable CA. */
        void verify(String alias, List<X509Certificate> chain) throws ToolFailure {
            try {
                Certificate[] stored = keyStore.getCertificateChain(alias);
                if (stored == null || !Arrays.asList(stored).equals(chain)) {
                    throw ToolFailure.failed("the token does not return the chain just stored under alias " + alias);
                }
                String algorithm = CaSignatureAlgorithm.forKey(chain.get(0).getPublicKey()).jcaName();
                Signature signer = Signature.getInstance(algorithm, provider);
                signer.initSign(privateKey(alias));
                signer.update(TEST_MESSAGE);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
                verifier.initVerify(chain.get(0).getPublicKey());
                verifier.update(TEST_MESSAGE);
                if (!verifier.verify(signature)) {
                    throw ToolFailure.failed("the key under alias " + alias + " does not match its certificate");
                }
            } catch (GeneralSecurityException | ProviderException e) {
                throw ToolFailure.failed("the entry under alias " + alias + " cannot sign: " + describe(e), e);
            }
        }

        void deleteQuietly(List<String> aliases) {
            for (String alias : aliases) {
                try {
                    keyStore.deleteEntry(alias);
                } catch (GeneralSecurityException | ProviderException e) {
                    // The original failure is what the operator needs to see.
                }
            }
        }
    }
}
