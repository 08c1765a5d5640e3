package dev.signet.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Fulcio-format identity file unchanged: JSON with Fulcio's JSON keys ({@code OIDCIssuers},
 * {@code IssuerURL}, matched case-insensitively as Go does) or YAML with its YAML keys
 * ({@code oidc-issuers}, {@code issuer-url}), including anchors and a {@code define:} section.
 * JSON is tried first, as Fulcio does. CI issuer metadata templates are kept as written, with where
 * they are written; the ci-provider issuer type parses them all when the issuers are built, so a
 * template error still stops startup instead of failing requests.
 */
public final class IdentityConfigLoader {
    private IdentityConfigLoader() {
    }

    /** Loads and structurally validates the file; the message of any failure names the file and the issuer. */
    public static IdentityConfig load(Path file) {
        byte[] content;
        try {
            content = ConfigFiles.read(file);
        } catch (IllegalArgumentException e) {
            throw new InvalidIdentityConfigException(e.getMessage(), e);
        }
        return parse(new String(content, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses identity file text; {@code source} names it in error messages. */
    public static IdentityConfig parse(String text, String source) {
        ConfigFiles.Document document;
        try {
            document = ConfigFiles.parseDocument(text, source);
        } catch (IllegalArgumentException e) {
            throw new InvalidIdentityConfigException(e.getMessage(), e);
        }
        JsonNode root = document.root();
        Keys keys = document.json() ? Keys.JSON : Keys.YAML;
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
        return new IdentityConfig(issuers, metaIssuers, readCiIssuerMetadata(root, keys, source));
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
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
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

    private static Map<String, CiIssuerMetadata> readCiIssuerMetadata(JsonNode root, Keys keys, String source) {
        Map<String, CiIssuerMetadata> result = new LinkedHashMap<>();
        JsonNode map = keys.field(root, keys.ciIssuerMetadata);
        if (map == null || map.isNull()) {
            return result;
        }
        if (!map.isObject()) {
            throw new InvalidIdentityConfigException(source + ": " + keys.ciIssuerMetadata
                    + " must be a map of CI providers");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String where = source + ": " + keys.ciIssuerMetadata + " " + entry.getKey();
            if (!entry.getValue().isObject()) {
                throw new InvalidIdentityConfigException(where + ": must be a map");
            }
            result.put(entry.getKey(), readCiMetadata(entry.getValue(), keys, where));
        }
        return result;
    }

    private static CiIssuerMetadata readCiMetadata(JsonNode node, Keys keys, String where) {
        refuseUnknownKeys(node, keys, where,
                List.of(keys.defaultTemplateValues, keys.extensionTemplates, keys.subjectAlternativeNameTemplate));
        Map<String, String> defaults = new LinkedHashMap<>();
        JsonNode defaultsNode = keys.field(node, keys.defaultTemplateValues);
        if (defaultsNode != null && !defaultsNode.isNull()) {
            if (!defaultsNode.isObject()) {
                throw new InvalidIdentityConfigException(where + ": " + keys.defaultTemplateValues + " must be a map");
            }
            defaultsNode.fields().forEachRemaining(entry -> defaults.put(entry.getKey(),
                    text(entry.getValue(), keys, where + ": " + keys.defaultTemplateValues + " " + entry.getKey())));
        }
        Map<ExtensionTemplateKey, String> templates = new EnumMap<>(ExtensionTemplateKey.class);
        Map<String, String> written = new LinkedHashMap<>();
        JsonNode templatesNode = keys.field(node, keys.extensionTemplates);
        if (templatesNode != null && !templatesNode.isNull()) {
            if (!templatesNode.isObject()) {
                throw new InvalidIdentityConfigException(where + ": " + keys.extensionTemplates + " must be a map");
            }
            readExtensionTemplates(templatesNode, keys, where + ": " + keys.extensionTemplates, templates, written);
        }
        String sanWhere = where + ": " + keys.subjectAlternativeNameTemplate;
        JsonNode sanNode = keys.field(node, keys.subjectAlternativeNameTemplate);
        String san = sanNode == null || sanNode.isNull() ? "" : text(sanNode, keys, sanWhere);
        written.put(sanWhere, san);
        return new CiIssuerMetadata(defaults, templates, san, written);
    }

    private static void readExtensionTemplates(JsonNode node, Keys keys, String where,
            Map<ExtensionTemplateKey, String> templates, Map<String, String> written) {
        List<String> unknown = new ArrayList<>();
        Map<ExtensionTemplateKey, String> seen = new EnumMap<>(ExtensionTemplateKey.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            Optional<ExtensionTemplateKey> key = ExtensionTemplateKey.find(entry.getKey(), keys == Keys.JSON);
            if (key.isEmpty()) {
                unknown.add(entry.getKey());
                continue;
            }
            if (seen.put(key.get(), entry.getKey()) != null) {
                throw new InvalidIdentityConfigException(where + ": " + entry.getKey() + " is set twice");
            }
            String entryWhere = where + " " + entry.getKey();
            String template = entry.getValue().isNull() ? "" : text(entry.getValue(), keys, entryWhere);
            written.put(entryWhere, template);
            // Fulcio skips blank templates; the issuer and subject always come from the token.
            if (!template.isBlank()) {
                if (key.get().fillsExtension()) {
                    templates.put(key.get(), template);
                }
            }
        }
        if (!unknown.isEmpty()) {
            List<String> known = new ArrayList<>();
            for (ExtensionTemplateKey key : ExtensionTemplateKey.values()) {
                known.add(key.name(keys == Keys.JSON));
            }
            throw new InvalidIdentityConfigException(where + ": unknown extension template key(s) "
                    + String.join(", ", unknown) + " (known: " + String.join(", ", known) + ")");
        }
    }

    /** Template text: a string; YAML also allows a plain number or boolean, read as written. */
    private static String text(JsonNode value, Keys keys, String where) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (keys == Keys.YAML && value.isValueNode() && !value.isNull()) {
            return value.asText();
        }
        if (value.isNull()) {
            return "";
        }
        throw new InvalidIdentityConfigException(where + ": must be a string");
    }

    private static void refuseUnknownKeys(JsonNode node, Keys keys, String where, List<String> known) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String name = it.next();
            boolean isKnown =
                    known.stream().anyMatch(k -> keys == Keys.JSON ? k.equalsIgnoreCase(name) : k.equals(name));
            if (!isKnown) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidIdentityConfigException(where + ": unknown key(s) " + String.join(", ", unknown)
                    + " (known: " + String.join(", ", known) + ")");
        }
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
                "CACert", "SkipEmailVerification", "CIIssuerMetadata", "DefaultTemplateValues", "ExtensionTemplates",
                "SubjectAlternativeNameTemplate"),
        YAML("oidc-issuers", "meta-issuers", "issuer-url", "client-id", "type", "ci-provider", "issuer-claim",
                "subject-domain", "spiffe-trust-domain", "challenge-claim", "description", "contact", "environment",
                "ca-cert", "skip-email-verification", "ci-issuer-metadata", "default-template-values",
                "extension-templates", "subject-alternative-name-template");

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
        final String ciIssuerMetadata;
        final String defaultTemplateValues;
        final String extensionTemplates;
        final String subjectAlternativeNameTemplate;

        Keys(String oidcIssuers, String metaIssuers, String issuerUrl, String clientId, String type,
                String ciProvider, String issuerClaim, String subjectDomain, String spiffeTrustDomain,
                String challengeClaim, String description, String contact, String environment, String caCert,
                String skipEmailVerification, String ciIssuerMetadata, String defaultTemplateValues,
                String extensionTemplates, String subjectAlternativeNameTemplate) {
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
            this.ciIssuerMetadata = ciIssuerMetadata;
            this.defaultTemplateValues = defaultTemplateValues;
            this.extensionTemplates = extensionTemplates;
            this.subjectAlternativeNameTemplate = subjectAlternativeNameTemplate;
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
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String candidate = it.next();
                if (candidate.toLowerCase(Locale.ROOT).equals(lower)) {
                    return node.get(candidate);
                }
            }
            return null;
        }
    }
}
