package dev.signet.identity.ciprovider;

import dev.signet.certificate.CertificateIdentity;
import dev.signet.certificate.SigstoreOid;
import dev.signet.certificate.SubjectAltName;
import dev.signet.config.CiIssuerMetadata;
import dev.signet.config.ExtensionTemplateKey;
import dev.signet.config.IdentityConfig;
import dev.signet.config.InvalidIdentityConfigException;
import dev.signet.config.IssuerConfig;
import dev.signet.identity.Claims;
import dev.signet.identity.Issuer;
import dev.signet.identity.IssuerProvider;
import dev.signet.identity.IssuerType;
import dev.signet.identity.Principal;
import dev.signet.identity.UriPath;
import dev.signet.identity.oidc.VerifiedToken;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CI system's issuer (GitHub Actions, GitLab, Buildkite, CircleCI, …) whose certificate contents
 * are described by templates in the identity file's CI issuer metadata rather than by code.
 */
public final class CiProviderIssuer implements Issuer {
    private final IssuerConfig config;
    private final Map<String, String> defaults;
    private final ClaimTemplate subjectAltName;
    private final Map<SigstoreOid, ClaimTemplate> extensions;

    /**
     * Compiles the metadata's templates for this issuer.
     *
     * @throws InvalidIdentityConfigException naming {@code where} when the SAN template is empty or a template is invalid
     */
    public CiProviderIssuer(IssuerConfig config, CiIssuerMetadata metadata, String where) {
        this.config = config;
        this.defaults = metadata.defaultTemplateValues();
        if (metadata.subjectAlternativeNameTemplate().isBlank()) {
            throw new InvalidIdentityConfigException(where
                    + ": SubjectAlternativeNameTemplate should not be empty. Issuer: " + config.issuerUrl());
        }
        this.subjectAltName = compile(metadata.subjectAlternativeNameTemplate(), where, "SubjectAlternativeName");
        Map<SigstoreOid, ClaimTemplate> compiled = new EnumMap<>(SigstoreOid.class);
        metadata.extensionTemplates().forEach((key, template) -> {
            // The Issuer and Subject keys fill nothing: those extensions always come from the token.
            if (key.fillsExtension() && !template.isBlank()) {
                SigstoreOid oid = extensionOf(key);
                compiled.put(oid, compile(template, where, oid.name()));
            }
        });
        this.extensions = Collections.unmodifiableMap(compiled);
    }

    /**
     * The Sigstore extension an identity-file key fills: the two enums name each extension alike
     * ({@code ExtensionTemplateKeysTest} checks every key), so the configuration needs no certificate type.
     */
    static SigstoreOid extensionOf(ExtensionTemplateKey key) {
        return SigstoreOid.valueOf(key.name());
    }

    @Override
    public IssuerConfig config() {
        return config;
    }

    @Override
    public IssuerType type() {
        return IssuerType.CI_PROVIDER;
    }

    @Override
    public Principal principal(VerifiedToken token) {
        Claims claims = new Claims(token);
        String subject = claims.subject();
        // Claims win over defaults; a null claim leaves the default in place.
        Map<String, Object> data = new LinkedHashMap<>(defaults);
        token.claims().forEach((name, value) -> {
            if (value != null) {
                data.put(name, value);
            }
        });
        // Fulcio writes url.Parse(result).String(): the same escaping of path and fragment.
        String san = UriPath.reparsed("SubjectAlternativeName",
                render(subjectAltName, data, "SubjectAlternativeName", token.issuer()));
        Map<SigstoreOid, String> values = Principal.commonExtensions(token.issuer(), subject);
        extensions.forEach((oid, template) -> {
            String value = render(template, data, oid.name(), token.issuer());
            if (!value.isEmpty()) {
                values.put(oid, Claims.checked(oid.name(), value));
            }
        });
        return new CiProviderPrincipal(subject, new CertificateIdentity(SubjectAltName.uri(san), values));
    }

    private static String render(ClaimTemplate template, Map<String, Object> data, String extension, String issuer) {
        try {
            return template.render(data, Claims.MAX_VALUE_LENGTH);
        } catch (TemplateException e) {
            throw Claims.invalid(e.getMessage() + ". {\"ExtensionName\": \"" + extension + "\", \"Issuer\": \""
                    + issuer + "\"}");
        }
    }

    private static ClaimTemplate compile(String template, String where, String extension) {
        try {
            return ClaimTemplate.parse(template);
        } catch (TemplateException e) {
            throw new InvalidIdentityConfigException(where + ": " + extension + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds ci-provider issuers for the identity package's {@code IssuerFactory} (listed in
     * META-INF/services), and owns the template language of the file's CI issuer metadata.
     */
    public static final class Provider implements IssuerProvider {
        @Override
        public IssuerType type() {
            return IssuerType.CI_PROVIDER;
        }

        @Override
        public Issuer create(IssuerConfig config, IdentityConfig identity, String where) {
            String provider = config.ciProvider().orElse("");
            CiIssuerMetadata metadata = identity.ciIssuerMetadata().get(provider);
            if (metadata == null) {
                throw new InvalidIdentityConfigException(where + ": metadata not found for ci provider "
                        + provider + ", issuer: " + config.issuerUrl());
            }
            return new CiProviderIssuer(config, metadata, where);
        }

        /**
         * Parses every template of every metadata entry, used by an issuer or not, as Fulcio does
         * when it loads the file: a template error stops startup.
         *
         * @throws InvalidIdentityConfigException naming where the template is written
         */
        @Override
        public void checkFile(IdentityConfig identity) {
            identity.ciIssuerMetadata().values().forEach(metadata -> metadata.writtenTemplates().forEach(
                    (where, template) -> {
                        try {
                            ClaimTemplate.parse(template);
                        } catch (TemplateException e) {
                            throw new InvalidIdentityConfigException(where + ": " + e.getMessage(), e);
                        }
                    }));
        }
    }
}
