package dev.signet.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@code ci-provider} issuer turns token claims into a certificate: one entry of the identity
 * file's {@code CIIssuerMetadata} ({@code ci-issuer-metadata}). The loader reads the file's shape
 * only; the template language belongs to the ci-provider issuer type, which checks every template
 * in {@code writtenTemplates} before any issuer is built.
 *
 * @param defaultTemplateValues          values templates may use when the token lacks the claim
 * @param extensionTemplates             a template or bare claim name per extension key that fills an
 *                                       extension (never {@code Issuer} or {@code Subject}, which always come
 *                                       from the token)
 * @param subjectAlternativeNameTemplate the template of the URI SAN; empty if the file sets none
 * @param writtenTemplates               every template of the entry as written, in file order, keyed by
 *                                       where it is written (for error messages), including those
 *                                       Signet ignores (the {@code Issuer} and {@code Subject} keys)
 */
public record CiIssuerMetadata(
        Map<String, String> defaultTemplateValues,
        Map<ExtensionTemplateKey, String> extensionTemplates,
        String subjectAlternativeNameTemplate,
        Map<String, String> writtenTemplates) {

    public CiIssuerMetadata {
        defaultTemplateValues = Collections.unmodifiableMap(new LinkedHashMap<>(defaultTemplateValues));
        EnumMap<ExtensionTemplateKey, String> templates = new EnumMap<>(ExtensionTemplateKey.class);
        templates.putAll(extensionTemplates);
        extensionTemplates = Collections.unmodifiableMap(templates);
        Objects.requireNonNull(subjectAlternativeNameTemplate, "subjectAlternativeNameTemplate");
        writtenTemplates = Collections.unmodifiableMap(new LinkedHashMap<>(writtenTemplates));
    }

    /** Metadata not read from a file: nothing beyond the templates in use to check. */
    public CiIssuerMetadata(Map<String, String> defaultTemplateValues,
            Map<ExtensionTemplateKey, String> extensionTemplates,
            String subjectAlternativeNameTemplate) {
        this(defaultTemplateValues, extensionTemplates, subjectAlternativeNameTemplate, Map.of());
    }
}
