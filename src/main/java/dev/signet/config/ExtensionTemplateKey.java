package dev.signet.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The keys of {@code ExtensionTemplates} ({@code extension-templates}): Fulcio's extension field
 * names, in their JSON and YAML spellings. Each constant that fills an extension bears the name of
 * the Sigstore extension it fills; the ci-provider issuer type maps one to the other, so that the
 * configuration knows the file's vocabulary and nothing of certificates.
 */
public enum ExtensionTemplateKey {
    /** Accepted as Fulcio accepts it, but the issuer always comes from the token. */
    ISSUER("Issuer", "issuer", false),
    GITHUB_WORKFLOW_TRIGGER("GithubWorkflowTrigger", "github-workflow-trigger", true),
    GITHUB_WORKFLOW_SHA("GithubWorkflowSHA", "github-workflow-sha", true),
    GITHUB_WORKFLOW_NAME("GithubWorkflowName", "github-workflow-name", true),
    GITHUB_WORKFLOW_REPOSITORY("GithubWorkflowRepository", "github-workflow-repository", true),
    GITHUB_WORKFLOW_REF("GithubWorkflowRef", "github-workflow-ref", true),
    BUILD_SIGNER_URI("BuildSignerURI", "build-signer-uri", true),
    BUILD_SIGNER_DIGEST("BuildSignerDigest", "build-signer-digest", true),
    RUNNER_ENVIRONMENT("RunnerEnvironment", "runner-environment", true),
    SOURCE_REPOSITORY_URI("SourceRepositoryURI", "source-repository-uri", true),
    SOURCE_REPOSITORY_DIGEST("SourceRepositoryDigest", "source-repository-digest", true),
    SOURCE_REPOSITORY_REF("SourceRepositoryRef", "source-repository-ref", true),
    SOURCE_REPOSITORY_IDENTIFIER("SourceRepositoryIdentifier", "source-repository-identifier", true),
    SOURCE_REPOSITORY_OWNER_URI("SourceRepositoryOwnerURI", "source-repository-owner-uri", true),
    SOURCE_REPOSITORY_OWNER_IDENTIFIER("SourceRepositoryOwnerIdentifier", "source-repository-owner-identifier", true),
    BUILD_CONFIG_URI("BuildConfigURI", "build-config-uri", true),
    BUILD_CONFIG_DIGEST("BuildConfigDigest", "build-config-digest", true),
    BUILD_TRIGGER("BuildTrigger", "build-trigger", true),
    RUN_INVOCATION_URI("RunInvocationURI", "run-invocation-uri", true),
    SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING("SourceRepositoryVisibilityAtSigning",
            "source-repository-visibility-at-signing", true),
    DEPLOYMENT_ENVIRONMENT("DeploymentEnvironment", "deployment-environment", true),
    /** Accepted as Fulcio accepts it, but the subject always comes from the token. */
    SUBJECT("Subject", "subject", false);

    private final String jsonName;
    private final String yamlName;
    private final boolean fillsExtension;

    ExtensionTemplateKey(String jsonName, String yamlName, boolean fillsExtension) {
        this.jsonName = jsonName;
        this.yamlName = yamlName;
        this.fillsExtension = fillsExtension;
    }

    /** False for the keys Fulcio accepts but ignores, whose value always comes from the token. */
    public boolean fillsExtension() {
        return fillsExtension;
    }

    /** The key's spelling in a JSON ({@code json}) or YAML file. */
    String name(boolean json) {
        return json ? jsonName : yamlName;
    }

    /** JSON keys match case-insensitively, as Go's encoding/json does; YAML keys exactly. */
    static Optional<ExtensionTemplateKey> find(String key, boolean json) {
        return Arrays.stream(values())
                .filter(k -> json ? k.jsonName.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))
                        : k.yamlName.equals(key))
                .findFirst();
    }
}
