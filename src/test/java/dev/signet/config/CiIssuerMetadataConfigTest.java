package dev.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.certificate.SigstoreOid;
import dev.signet.identity.IssuerFactory;
import dev.signet.identity.IssuerSet;
import dev.signet.identity.IssuerType;
import dev.signet.identity.ciprovider.CiProviderIssuer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CiIssuerMetadataConfigTest {

    /** Fulcio's extension field names (JSON, YAML) for each extension a template can fill. */
    static final Map<SigstoreOid, List<String>> KEYS = new EnumMap<>(Map.ofEntries(
            Map.entry(SigstoreOid.GITHUB_WORKFLOW_TRIGGER, List.of("GithubWorkflowTrigger", "github-workflow-trigger")),
            Map.entry(SigstoreOid.GITHUB_WORKFLOW_SHA, List.of("GithubWorkflowSHA", "github-workflow-sha")),
            Map.entry(SigstoreOid.GITHUB_WORKFLOW_NAME, List.of("GithubWorkflowName", "github-workflow-name")),
            Map.entry(SigstoreOid.GITHUB_WORKFLOW_REPOSITORY,
                    List.of("GithubWorkflowRepository", "github-workflow-repository")),
            Map.entry(SigstoreOid.GITHUB_WORKFLOW_REF, List.of("GithubWorkflowRef", "github-workflow-ref")),
            Map.entry(SigstoreOid.BUILD_SIGNER_URI, List.of("BuildSignerURI", "build-signer-uri")),
            Map.entry(SigstoreOid.BUILD_SIGNER_DIGEST, List.of("BuildSignerDigest", "build-signer-digest")),
            Map.entry(SigstoreOid.RUNNER_ENVIRONMENT, List.of("RunnerEnvironment", "runner-environment")),
            Map.entry(SigstoreOid.SOURCE_REPOSITORY_URI, List.of("SourceRepositoryURI", "source-repository-uri")),
            Map.entry(SigstoreOid.SOURCE_REPOSITORY_DIGEST,
                    List.of("SourceRepositoryDigest", "source-repository-digest")),
            Map.entry(SigstoreOid.SOURCE_REPOSITORY_REF, List.of("SourceRepositoryRef", "source-repository-ref")),
            Map.entry(SigstoreOid.SOURCE_REPOSITORY_IDENTIFIER,
                    List.of("SourceRepositoryIdentifier", "source-repository-identifier")),
            Map.entry(SigstoreOid.SOURCE_REPOSITORY_OWNER_URI,
                    List.of("SourceRepositoryOwnerURI", "source-repository-owner-uri")),
            Map.entry(SigstoreOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER,
                    List.of("SourceRepositoryOwnerIdentifier", "source-repository-owner-identifier")),
            Map.entry(SigstoreOid.BUILD_CONFIG_URI, List.of("BuildConfigURI", "build-config-uri")),
            Map.entry(SigstoreOid.BUILD_CONFIG_DIGEST, List.of("BuildConfigDigest", "build-config-digest")),
            Map.entry(SigstoreOid.BUILD_TRIGGER, List.of("BuildTrigger", "build-trigger")),
            Map.entry(SigstoreOid.RUN_INVOCATION_URI, List.of("RunInvocationURI", "run-invocation-uri")),
            Map.entry(SigstoreOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING,
                    List.of("SourceRepositoryVisibilityAtSigning", "source-repository-visibility-at-signing")),
            Map.entry(SigstoreOid.DEPLOYMENT_ENVIRONMENT, List.of("DeploymentEnvironment", "deployment-environment"))));

    static String message(String text, String source) {
        return assertThrows(InvalidIdentityConfigException.class, () -> IdentityConfigLoader.parse(text, source))
                .getMessage();
    }

    @Test
    void everyTemplatableExtensionHasAKey() {
        EnumSet<SigstoreOid> expected = EnumSet.allOf(SigstoreOid.class);
        expected.removeAll(List.of(SigstoreOid.ISSUER_V1, SigstoreOid.ISSUER_V2, SigstoreOid.TOKEN_SUBJECT));
        assertEquals(expected, KEYS.keySet());
    }

    @Test
    void jsonSpellingOfEveryKey() {
        StringBuilder templates = new StringBuilder();
        KEYS.forEach((oid, names) -> templates.append(templates.length() == 0 ? "" : ",")
                .append('"').append(names.get(0)).append("\":\"v").append(oid.oid()).append('"'));
        IdentityConfig config = IdentityConfigLoader.parse("""
                {"CIIssuerMetadata": {"ci": {
                   "DefaultTemplateValues": {"url": "https://ci.example", "environment": ""},
                   "ExtensionTemplates": {%s},
                   "SubjectAlternativeNameTemplate": "{{ .url }}/{{ .job }}"}}}""".formatted(templates), "x.json");
        CiIssuerMetadata metadata = config.ciIssuerMetadata().get("ci");
        assertEquals(Map.of("url", "https://ci.example", "environment", ""), metadata.defaultTemplateValues());
        assertEquals("{{ .url }}/{{ .job }}", metadata.subjectAlternativeNameTemplate());
        assertEquals(KEYS.keySet(), byOid(metadata).keySet());
        byOid(metadata).forEach((oid, value) -> assertEquals("v" + oid.oid(), value));
    }

    @Test
    void jsonKeysMatchCaseInsensitivelyAsGoDoes() {
        IdentityConfig config = IdentityConfigLoader.parse(
                """
                        {"ciissuermetadata": {"ci": {"extensiontemplates": {"buildsigneruri": "a", "DEPLOYMENTENVIRONMENT": "b"},
                           "subjectalternativenametemplate": "san"}}}""",
                "x.json");
        CiIssuerMetadata metadata = config.ciIssuerMetadata().get("ci");
        assertEquals(Map.of(SigstoreOid.BUILD_SIGNER_URI, "a", SigstoreOid.DEPLOYMENT_ENVIRONMENT, "b"),
                byOid(metadata));
        assertEquals("san", metadata.subjectAlternativeNameTemplate());
    }

    @Test
    void yamlSpellingOfEveryKey() {
        StringBuilder templates = new StringBuilder();
        KEYS.forEach((oid, names) -> templates.append("      ").append(names.get(1)).append(": \"v")
                .append(oid.oid()).append("\"\n"));
        IdentityConfig config = IdentityConfigLoader.parse("""
                ci-issuer-metadata:
                  ci:
                    default-template-values:
                      url: https://ci.example
                      port: 8443
                    extension-templates:
                %s    subject-alternative-name-template: "{{ .url }}/x"
                """.formatted(templates), "x.yaml");
        CiIssuerMetadata metadata = config.ciIssuerMetadata().get("ci");
        assertEquals(Map.of("url", "https://ci.example", "port", "8443"), metadata.defaultTemplateValues());
        assertEquals(KEYS.keySet(), byOid(metadata).keySet());
        byOid(metadata).forEach((oid, value) -> assertEquals("v" + oid.oid(), value));
    }

    @Test
    void unknownExtensionKeysAreNamed() {
        String json = message("""
                {"CIIssuerMetadata": {"ci": {"ExtensionTemplates": {"BuildSignerUri": "a", "BuildSignerURL": "b",
                  "Repo": "c"}, "SubjectAlternativeNameTemplate": "x"}}}""", "x.json");
        assertTrue(json.startsWith("x.json: CIIssuerMetadata ci: ExtensionTemplates: unknown extension template key(s) "
                + "BuildSignerURL, Repo"), json);
        // Each file uses its own spelling: a JSON name in YAML is unknown.
        String yaml = message("""
                ci-issuer-metadata:
                  ci:
                    extension-templates:
                      build-signer-uri: a
                      BuildSignerURI: b
                """, "x.yaml");
        assertTrue(yaml.contains("ci-issuer-metadata ci: extension-templates: unknown extension template key(s) "
                + "BuildSignerURI"), yaml);
    }

    @Test
    void unknownMetadataKeysAreNamed() {
        String yaml = message("""
                ci-issuer-metadata:
                  ci:
                    extension-template:
                      build-signer-uri: a
                    subject-alternative-name-template: x
                """, "x.yaml");
        assertTrue(yaml.contains("ci-issuer-metadata ci: unknown key(s) extension-template"), yaml);
    }

    /**
     * The message of building the issuers of the text, as at start: the template language is the
     * ci-provider issuer type's, which parses every metadata template then.
     */
    static String buildMessage(String text, String source) {
        IdentityConfig parsed = IdentityConfigLoader.parse(text, source);
        return assertThrows(InvalidIdentityConfigException.class, () -> IssuerSet.of(parsed, source, Optional.empty()))
                .getMessage();
    }

    @Test
    void templateSyntaxErrorsAreConfigErrorsNamingTheKey() {
        String json = buildMessage("""
                {"CIIssuerMetadata": {"github": {"ExtensionTemplates": {"BuildSignerURI": "{{ .url }/x"},
                  "SubjectAlternativeNameTemplate": "x"}}}""", "x.json");
        assertTrue(
                json.startsWith("x.json: CIIssuerMetadata github: ExtensionTemplates BuildSignerURI: template error"),
                json);
        String san = buildMessage("""
                ci-issuer-metadata:
                  github:
                    subject-alternative-name-template: "{{ .url | html }}"
                """, "x.yaml");
        assertTrue(san.contains("github: subject-alternative-name-template: template error"), san);
        assertTrue(san.contains("pipelines"), san);
        String issuerKey = buildMessage("""
                {"CIIssuerMetadata": {"ci": {"ExtensionTemplates": {"Issuer": "{{ if }}"},
                  "SubjectAlternativeNameTemplate": "x"}}}""", "x.json");
        assertTrue(issuerKey.contains("ExtensionTemplates Issuer: template error"), issuerKey);
    }

    @Test
    void issuerSubjectAndBlankTemplatesAreAcceptedAndIgnored() {
        IdentityConfig config = IdentityConfigLoader.parse("""
                {"CIIssuerMetadata": {"ci": {"ExtensionTemplates": {"Issuer": "url", "Subject": "{{ .x }}",
                  "BuildSignerURI": "  ", "BuildTrigger": "event"}, "SubjectAlternativeNameTemplate": "x"}}}""",
                "x.json");
        assertEquals(Map.of(SigstoreOid.BUILD_TRIGGER, "event"),
                byOid(config.ciIssuerMetadata().get("ci")));
    }

    @Test
    void valuesMustBeStringsInJson() {
        assertTrue(message("""
                {"CIIssuerMetadata": {"ci": {"DefaultTemplateValues": {"port": 443},
                  "SubjectAlternativeNameTemplate": "x"}}}""", "x.json")
                .contains("DefaultTemplateValues port: must be a string"));
        assertTrue(message("""
                {"CIIssuerMetadata": {"ci": {"ExtensionTemplates": {"BuildTrigger": ["a"]},
                  "SubjectAlternativeNameTemplate": "x"}}}""", "x.json").contains("BuildTrigger: must be a string"));
        assertTrue(message("{\"CIIssuerMetadata\": {\"ci\": \"github\"}}", "x.json").contains("ci: must be a map"));
    }

    @Test
    void metaIssuersNeedNoIssuerUrl() {
        IdentityConfig config = IdentityConfigLoader.parse("""
                meta-issuers:
                  https://oidc.eks.*.amazonaws.com/id/*:
                    client-id: sigstore
                    type: kubernetes
                """, "x.yaml");
        assertEquals("https://oidc.eks.*.amazonaws.com/id/*",
                config.metaIssuers().get("https://oidc.eks.*.amazonaws.com/id/*").issuerUrl());
    }

    @Test
    void publicGoodSampleParsesAndEveryCiProviderIssuerBuilds() {
        Path file = Path.of("config/fulcio-public-good.yaml");
        IdentityConfig config = IdentityConfigLoader.load(file);

        assertEquals(List.of("github-workflow", "gitlab-pipeline", "buildkite-job", "codefresh-workflow",
                "circleci-job", "buddy-pipeline"), List.copyOf(config.ciIssuerMetadata().keySet()));
        Map<String, String> providers = new LinkedHashMap<>();
        config.oidcIssuers().forEach((url, issuer) -> providers.put(url, issuer.type() + " "
                + issuer.ciProvider().orElse("-")));
        assertEquals(Map.of(
                "https://accounts.google.com", "email -",
                "https://token.actions.githubusercontent.com", "ci-provider github-workflow",
                "https://gitlab.com", "ci-provider gitlab-pipeline",
                "https://agent.buildkite.com", "ci-provider buildkite-job",
                "https://oidc.circleci.com", "ci-provider circleci-job",
                "https://oidc.codefresh.io", "ci-provider codefresh-workflow",
                "https://oidc.buddyusercontent.com", "ci-provider buddy-pipeline",
                "https://eu-oidc.buddyusercontent.com", "ci-provider buddy-pipeline",
                "https://asia-oidc.buddyusercontent.com", "ci-provider buddy-pipeline"), providers);
        assertEquals(List.of("https://oidc.eks.*.amazonaws.com/id/*",
                "https://container.googleapis.com/v1/projects/*/locations/*/clusters/*",
                "https://*.oic.prod-aks.azure.com/*/*", "https://*.oic.prod-aks.azure.com/*/*/",
                "https://oidc.prod-aks.azure.com/*", "https://oidc.prod-aks.azure.com/*/",
                "https://oidc.prod-aks.azure.com/*/*", "https://token.actions.githubusercontent.com/*",
                "https://oidc.circleci.com/org/*"), List.copyOf(config.metaIssuers().keySet()));
        assertEquals(Optional.of("github-workflow"),
                config.metaIssuers().get("https://token.actions.githubusercontent.com/*").ciProvider());
        assertEquals(KEYS.keySet(), byOid(config.ciIssuerMetadata().get("github-workflow")).keySet(),
                "GitHub fills every templatable extension");

        List<String> built = new ArrayList<>();
        List<IssuerConfig> all = new ArrayList<>(config.oidcIssuers().values());
        all.addAll(config.metaIssuers().values());
        for (IssuerConfig issuer : all) {
            if (issuer.type().equals(IssuerType.CI_PROVIDER.configName())) {
                assertTrue(IssuerFactory.create(issuer, config, file.toString()) instanceof CiProviderIssuer);
                built.add(issuer.issuerUrl());
            }
        }
        assertEquals(10, built.size(), built.toString());
    }

    /** The templates by the extension they fill (the two enums name each extension alike). */
    private static Map<SigstoreOid, String> byOid(CiIssuerMetadata metadata) {
        Map<SigstoreOid, String> byOid = new EnumMap<>(SigstoreOid.class);
        metadata.extensionTemplates().forEach((key, template) -> byOid.put(SigstoreOid.valueOf(key.name()), template));
        return byOid;
    }
}
