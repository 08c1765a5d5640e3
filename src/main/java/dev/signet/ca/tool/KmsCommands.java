package dev.signet.ca.tool;

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
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code signet ca create --kms-key REF --root-kms-key REF}: the root and intermediate certificates
 * for two keys that already live in a KMS, as Fulcio's {@code certificate-maker} makes them. The
 * root key signs the root and the intermediate through the KMS; the intermediate key signs a trial
 * leaf, as Signet will at start. No key is created or exported.
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
        try (KmsKey rootKey = KmsCa.connect(rootSettings); KmsKey intermediateKey = KmsCa.connect(intermediateSettings)) {
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
