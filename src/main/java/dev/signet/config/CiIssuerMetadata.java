package dev.signet.config;

import dev.signet.certificate.SigstoreOid;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@code ci-provider} issuer turns token claims into a certificate: one entry of the identity
 * file's {@code CIIssuerMetadata} ({@code ci-issuer-metadata}). Templates were syntax-checked when
 * the file was loaded.
 *
 * @param defaultTemplateValues          values templates may use when the token lacks the claim
 * @param extensionTemplates             a template or bare claim name per Sigstore extension (never
 *                                       .1.1, .1.8 or .1.24, which always come from the token)
 * @param subjectAlternativeNameTemplate the template of the URI SAN; empty if the file sets none
 */
public record CiIssuerMetadata(
        Map<String, String> defaultTemplateValues,
        Map<SigstoreOid, String> extensionTemplates,
        String subjectAlternativeNameTemplate) {

    public CiIssuerMetadata {
        defaultTemplateValues = Collections.unmodifiableMap(new LinkedHashMap<>(defaultTemplateValues));
        EnumMap<SigstoreOid, String> templates = new EnumMap<>(SigstoreOid.class);
        templates.putAll(extensionTemplates);
        extensionTemplates = Collections.unmodifiableMap(templates);
        Objects.requireNonNull(subjectAlternativeNameTemplate, "subjectAlternativeNameTemplate");
    }
}
