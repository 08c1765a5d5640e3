package dev.signet.ca.tool;

import dev.signet.codec.BouncyCastle;
import dev.signet.ca.CaCertificates;
import dev.signet.ca.CaHierarchy;
import dev.signet.ca.CaMaterialCheck;
import dev.signet.ca.kms.KmsCa;
import dev.signet.ca.kms.KmsKey;
import dev.signet.ca.kms.KmsKeyReference;
import dev.signet.ca.kms.KmsProvider;
import dev.signet.ca.kms.KmsSettings;
import dev.signet.ca.kms.KmsSigningKey;
import dev.signet.error.SignetException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * {@code signet ca create --kms-key REF --root-kms-key REF}: the root and intermediate certificates
 * for two keys that already live in a KMS, as Fulcio's {@code certificate-maker} makes them. The
 * root key signs the root and the intermediate through the KMS; the intermediate key signs a trial
 * leaf, as Signet will at start. No key is created or exported. {@code signet ca intermediate --kms-key REF}
 * makes the next intermediate for a KMS key under an existing root.
 */
final class KmsCommands {

    static final Set<String> OPTIONS = Set.of("kms-key", "root-kms-key", "aws-endpoint", "aws-region", "gcp-endpoint");
    /** Deadline of one KMS call from the tool: an operator waits, no request does. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;
    private final SecureRandom random = new SecureRandom();

    KmsCommands(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    void create(Arguments arguments, Instant now) throws ToolFailure {
        CaHierarchy.Spec spec = CaOptions.spec(arguments);
        String intermediateReference = arguments.required("kms-key");
        String rootReference = arguments.required("root-kms-key");
        if (intermediateReference.equals(rootReference)) {
            throw ToolFailure.usage("--root-kms-key and --kms-key must name different keys");
        }
        KmsSettings rootSettings = settings(rootReference, arguments);
        KmsSettings intermediateSettings = settings(intermediateReference, arguments);
        List<X509Certificate> chain;
        try (KmsKey rootKey = KmsCa.connect(rootSettings);
                KmsKey intermediateKey = KmsCa.connect(intermediateSettings)) {
            KmsSigningKey root = KmsCa.signingKey(rootKey, rootSettings);
            KmsSigningKey intermediate = KmsCa.signingKey(intermediateKey, intermediateSettings);
            X509Certificate rootCertificate = CaCertificates.root(new KeyPair(root.publicKey(), root),
                    spec.rootSubject(), now, spec.rootLifetime(), spec.rootPathLength(), random, KmsProvider.INSTANCE);
            X509Certificate intermediateCertificate = CaCertificates.intermediate(intermediate.publicKey(),
                    spec.intermediateSubject(), rootCertificate, root, now, spec.intermediateLifetime(), random,
                    KmsProvider.INSTANCE);
            chain = List.of(intermediateCertificate, rootCertificate);
            CaMaterialCheck.check(intermediate, KmsProvider.INSTANCE, chain, now, "the new CA");
        } catch (SignetException | IllegalStateException e) {
            throw ToolFailure.failed("the KMS could not create the CA: " + e.getMessage(), e);
        }
        err.println("Created a root for " + rootReference + " and an intermediate for " + intermediateReference
                + "; set signet.ca.kms.key=" + intermediateReference + " and signet.ca.kms.cert-chain to the chain.");
        Pkcs11Commands.publish(arguments, chain, "the keys are in the KMS", out, err);
    }

    /**
     * {@code signet ca intermediate --kms-key REF --root-cert FILE}: an intermediate certificate for a
     * key that already lives in a KMS, signed by the root in {@code --root-kms-key} (through its KMS)
     * or in {@code --root-key} (an encrypted PEM file). The new intermediate's key makes the trial
     * signature Signet makes at start; it is never exported.
     */
    void intermediate(Arguments arguments, Secrets secrets, Instant now) throws ToolFailure {
        X500Name subject = CaOptions.intermediateSubject(arguments);
        Duration lifetime = CaOptions.intermediateLifetime(arguments);
        String intermediateReference = arguments.required("kms-key");
        Path rootCertFile = Path.of(arguments.required("root-cert"));
        boolean rootInKms = arguments.has("root-kms-key");
        if (rootInKms == arguments.has("root-key")) {
            throw ToolFailure.usage("give the root's key with exactly one of --root-kms-key and --root-key");
        }
        KmsSettings intermediateSettings = settings(intermediateReference, arguments);
        X509Certificate root = Roots.certificate(rootCertFile);
        Roots.checkCanSignIntermediate(root, lifetime, now, "the root in " + rootCertFile);
        List<X509Certificate> chain;
        String rootName;
        if (rootInKms) {
            rootName = arguments.required("root-kms-key");
            if (rootName.equals(intermediateReference)) {
                throw ToolFailure.usage("--root-kms-key and --kms-key must name different keys");
            }
            KmsSettings rootSettings = settings(rootName, arguments);
            try (KmsKey rootKey = KmsCa.connect(rootSettings)) {
                // The KMS's public key must be the root certificate's, as Signet requires of its own key.
                KmsSigningKey rootSigner = KmsCa.signingKey(rootKey, root, rootSettings);
                chain = signIntermediate(intermediateSettings, subject, root, rootSigner, KmsProvider.INSTANCE, now,
                        lifetime);
            } catch (SignetException | IllegalStateException e) {
                throw ToolFailure.failed("the KMS could not create the intermediate: " + e.getMessage(), e);
            }
        } else {
            rootName = arguments.required("root-key");
            char[] password = secrets.read(arguments, "root-password-file", "root-password-env", "root key password");
            try {
                PrivateKey rootKey = FileCommands.rootKey(root, rootCertFile, Path.of(rootName), password, now);
                chain = signIntermediate(intermediateSettings, subject, root, rootKey, BouncyCastle.PROVIDER, now,
                        lifetime);
            } catch (SignetException | IllegalStateException e) {
                throw ToolFailure.failed("the intermediate could not be created: " + e.getMessage(), e);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        err.println("Created an intermediate for " + intermediateReference + " signed by the root of " + rootName
                + "; publish the chain with signet.ca.additional-chains first, then set signet.ca.kms.key="
                + intermediateReference + " and signet.ca.kms.cert-chain to the chain.");
        Pkcs11Commands.publish(arguments, chain, "the key is in the KMS", out, err);
    }

    /** The intermediate for the KMS key of {@code settings}, signed by {@code rootKey}, checked by a trial leaf. */
    private List<X509Certificate> signIntermediate(KmsSettings settings, X500Name subject, X509Certificate root,
            PrivateKey rootKey, Provider rootProvider, Instant now, Duration lifetime) {
        try (KmsKey key = KmsCa.connect(settings)) {
            KmsSigningKey intermediate = KmsCa.signingKey(key, settings);
            X509Certificate certificate = CaCertificates.intermediate(intermediate.publicKey(), subject, root,
                    rootKey, now, lifetime, random, rootProvider);
            List<X509Certificate> chain = List.of(certificate, root);
            CaMaterialCheck.check(intermediate, KmsProvider.INSTANCE, chain, now, "the new intermediate");
            return chain;
        }
    }

    private KmsSettings settings(String reference, Arguments arguments) throws ToolFailure {
        KmsKeyReference parsed;
        try {
            parsed = KmsKeyReference.parse(reference);
        } catch (IllegalArgumentException e) {
            throw ToolFailure.usage(e.getMessage());
        }
        String endpointOption = switch (parsed.service()) {
            case AWS -> "aws-endpoint";
            case GCP -> "gcp-endpoint";
            case VAULT -> null;
        };
        Optional<URI> endpoint = Optional.empty();
        if (endpointOption != null && arguments.has(endpointOption)) {
            try {
                endpoint = Optional.of(URI.create(arguments.required(endpointOption)));
            } catch (IllegalArgumentException e) {
                throw ToolFailure.usage("--" + endpointOption + " is not a URL");
            }
        }
        Optional<String> region = arguments.has("aws-region") ? Optional.of(arguments.required("aws-region"))
                : Optional.empty();
        String transit = Optional.ofNullable(environment.get("TRANSIT_SECRET_ENGINE_PATH")).orElse("transit");
        return new KmsSettings(parsed, Optional.empty(), TIMEOUT, 1, endpoint, region, Optional.empty(), transit,
                environment::get);
    }
}
