package dev.signet.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a Fulcio-format identity file unchanged: JSON with Fulcio's JSON keys ({@code OIDCIssuers},
 * {@code IssuerURL}, matched case-insensitively as Go does) or YAML with its YAML keys
 * ({@code oidc-issuers}, {@code issuer-url}), including anchors and a {@code define:} section.
 * JSON is tried first, as Fulcio does.
 */
public final class IdentityConfigLoader {
    private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private IdentityConfigLoader() {
    }

    /** Loads and structurally validates the file; the message of any failure names the file and the issuer. */
    public static IdentityConfig load(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidIdentityConfigException(file + ": identity file is larger than 4 MiB");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidIdentityConfigException(file + ": cannot read identity file: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses identity file text; {@code source} names it in error messages. */
    public static IdentityConfig parse(String text, String source) {
        JsonNode root;
        Keys keys;
        try {
            root = JSON.readTree(text);
            keys = Keys.JSON;
        } catch (IOException notJson) {
            root = readYaml(text, source);
            keys = Keys.YAML;
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return IdentityConfig.empty();
        }
        if (!root.isObject()) {
            throw new InvalidIdentityConfigException(source + ": identity file must be a JSON or YAML object");
        }
        Map<String, IssuerConfig> issuers = readIssuers(root, keys, keys.oidcIssuers, source, false);
        Map<String, IssuerConfig> metaIssuers = readIssuers(root, keys, keys.metaIssuers, source, true);
        for (Map.Entry<String, IssuerConfig> entry : issuers.entrySet()) {
            if (!entry.getKey().equals(entry.getValue().issuerUrl())) {
                throw new InvalidIdentityConfigException(source + ": issuer " + entry.getKey() + " has "
                        + keys.issuerUrl + " " + entry.getValue().issuerUrl()
                        + "; the key and the issuer URL must be equal");
            }
        }
        return new IdentityConfig(issuers, metaIssuers);
    }

    private static JsonNode readYaml(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(1000);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        try {
            Object document = new Yaml(new SafeConstructor(options)).load(text);
            return JSON.valueToTree(document);
        } catch (RuntimeException e) {
            throw new InvalidIdentityConfigException(source + ": identity file is neither valid JSON nor valid YAML: "
                    + e.getMessage(), e);
        }
    }

    private static Map<String, IssuerConfig> readIssuers(JsonNode root, Keys keys, String section, String source,
            boolean meta) {
        Map<String, IssuerConfig> result = new LinkedHashMap<>();
        JsonNode map = keys.field(root, section);
        if (map == null || map.isNull()) {
            return result;
        }
        if (!map.isObject()) {
            throw new InvalidIdentityConfigException(source + ": " + section + " must be a map of issuers");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String where = source + ": issuer " + entry.getKey();
            if (!entry.getValue().isObject()) {
                throw new InvalidIdentityConfigException(where + ": must be a map");
            }
            result.put(entry.getKey(), readIssuer(entry.getValue(), keys, where, meta ? entry.getKey() : null));
        }
        return result;
    }

    /** {@code pattern} is the key of a MetaIssuers entry, whose IssuerURL Fulcio ignores; null for static issuers. */
    private static IssuerConfig readIssuer(JsonNode node, Keys keys, String where, String pattern) {
        String url = pattern != null ? pattern : required(node, keys, keys.issuerUrl, where);
        String clientId = required(node, keys, keys.clientId, where);
        String type = required(node, keys, keys.type, where);
        return new IssuerConfig(url, clientId, type,
                optional(node, keys, keys.ciProvider, where),
                optional(node, keys, keys.issuerClaim, where),
                optional(node, keys, keys.subjectDomain, where),
                optional(node, keys, keys.spiffeTrustDomain, where),
                optional(node, keys, keys.challengeClaim, where),
                optional(node, keys, keys.description, where),
                optional(node, keys, keys.contact, where),
                optional(node, keys, keys.environment, where),
                optional(node, keys, keys.caCert, where),
                bool(node, keys, keys.skipEmailVerification, where));
    }

    private static String required(JsonNode node, Keys keys, String name, String where) {
        return optional(node, keys, name, where)
                .orElseThrow(() -> new InvalidIdentityConfigException(where + ": " + name + " must be set"));
    }

    private static Optional<String> optional(JsonNode node, Keys keys, String name, String where) {
        JsonNode value = keys.field(node, name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidIdentityConfigException(where + ": " + name + " must be a string");
        }
        return value.asText().isEmpty() ? Optional.empty() : Optional.of(value.asText());
    }

    private static boolean bool(JsonNode node, Keys keys, String name, String where) {
        JsonNode value = keys.field(node, name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidIdentityConfigException(where + ": " + name + " must be true or false");
        }
        return value.booleanValue();
    }

    /** The two spellings of Fulcio's keys. */
    private enum Keys {
        JSON("OIDCIssuers", "MetaIssuers", "IssuerURL", "ClientID", "Type", "CIProvider", "IssuerClaim",
                "SubjectDomain", "SPIFFETrustDomain", "ChallengeClaim", "Description", "Contact", "Environment",
                "CACert", "SkipEmailVerification"),
        YAML("oidc-issuers", "meta-issuers", "issuer-url", "client-id", "type", "ci-provider", "issuer-claim",
                "subject-domain", "spiffe-trust-domain", "challenge-claim", "description", "contact", "environment",
                "ca-cert", "skip-email-verification");

        final String oidcIssuers;
        final String metaIssuers;
        final String issuerUrl;
        final String clientId;
        final String type;
        final String ciProvider;
        final String issuerClaim;
        final String subjectDomain;
        final String spiffeTrustDomain;
        final String challengeClaim;
        final String description;
        final String contact;
        final String environment;
        final String caCert;
        final String skipEmailVerification;

        Keys(String oidcIssuers, String metaIssuers, String issuerUrl, String clientId, String type,
                String ciProvider, String issuerClaim, String subjectDomain, String spiffeTrustDomain,
                String challengeClaim, String description, String contact, String environment, String caCert,
                String skipEmailVerification) {
            this.oidcIssuers = oidcIssuers;
            this.metaIssuers = metaIssuers;
            this.issuerUrl = issuerUrl;
            this.clientId = clientId;
            this.type = type;
            this.ciProvider = ciProvider;
            this.issuerClaim = issuerClaim;
            this.subjectDomain = subjectDomain;
            this.spiffeTrustDomain = spiffeTrustDomain;
            this.challengeClaim = challengeClaim;
            this.description = description;
            this.contact = contact;
            this.environment = environment;
            this.caCert = caCert;
            this.skipEmailVerification = skipEmailVerification;
        }

        /** Go's encoding/json matches keys case-insensitively; YAML keys are exact. */
        JsonNode field(JsonNode node, String name) {
            if (this == YAML) {
                return node.get(name);
            }
            JsonNode exact = node.get(name);
            if (exact != null) {
                return exact;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String candidate = it.next();
                if (candidate.toLowerCase(Locale.ROOT).equals(lower)) {
                    return node.get(candidate);
                }
            }
            return null;
        }
    }
}
