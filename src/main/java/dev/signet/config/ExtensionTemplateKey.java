package dev.signet.config;

import dev.signet.certificate.SigstoreOid;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The keys of {@code ExtensionTemplates} ({@code extension-templates}): Fulcio's extension field
 * names, in their JSON and YAML spellings, and the extension each fills.
 */
enum ExtensionTemplateKey {
    /** Accepted as Fulcio accepts it, but the issuer always comes from the token. */
    ISSUER("Issuer", "issuer", null),
    GITHUB_WORKFLOW_TRIGGER("GithubWorkflowTrigger", "github-workflow-trigger", SigstoreOid.GITHUB_WORKFLOW_TRIGGER),
    GITHUB_WORKFLOW_SHA("GithubWorkflowSHA", "github-workflow-sha", SigstoreOid.GITHUB_WORKFLOW_SHA),
    GITHUB_WORKFLOW_NAME("GithubWorkflowName", "github-workflow-name", SigstoreOid.GITHUB_WORKFLOW_NAME),
    GITHUB_WORKFLOW_REPOSITORY("GithubWorkflowRepository", "github-workflow-repository",
            SigstoreOid.GITHUB_WORKFLOW_REPOSITORY),
    GITHUB_WORKFLOW_REF("GithubWorkflowRef", "github-workflow-ref", SigstoreOid.GITHUB_WORKFLOW_REF),
    BUILD_SIGNER_URI("BuildSignerURI", "build-signer-uri", SigstoreOid.BUILD_SIGNER_URI),
    BUILD_SIGNER_DIGEST("BuildSignerDigest", "build-signer-digest", SigstoreOid.BUILD_SIGNER_DIGEST),
    RUNNER_ENVIRONMENT("RunnerEnvironment", "runner-environment", SigstoreOid.RUNNER_ENVIRONMENT),
    SOURCE_REPOSITORY_URI("SourceRepositoryURI", "source-repository-uri", SigstoreOid.SOURCE_REPOSITORY_URI),
    SOURCE_REPOSITORY_DIGEST("SourceRepositoryDigest", "source-repository-digest",
            SigstoreOid.SOURCE_REPOSITORY_DIGEST),
    SOURCE_REPOSITORY_REF("SourceRepositoryRef", "source-repository-ref", SigstoreOid.SOURCE_REPOSITORY_REF),
    SOURCE_REPOSITORY_IDENTIFIER("SourceRepositoryIdentifier", "source-repository-identifier",
            SigstoreOid.SOURCE_REPOSITORY_IDENTIFIER),
    SOURCE_REPOSITORY_OWNER_URI("SourceRepositoryOwnerURI", "source-repository-owner-uri",
            SigstoreOid.SOURCE_REPOSITORY_OWNER_URI),
    SOURCE_REPOSITORY_OWNER_IDENTIFIER("SourceRepositoryOwnerIdentifier", "source-repository-owner-identifier",
            SigstoreOid.SOURCE_REPOSITORY_OWNER_IDENTIFIER),
    BUILD_CONFIG_URI("BuildConfigURI", "build-config-uri", SigstoreOid.BUILD_CONFIG_URI),
    BUILD_CONFIG_DIGEST("BuildConfigDigest", "build-config-digest", SigstoreOid.BUILD_CONFIG_DIGEST),
    BUILD_TRIGGER("BuildTrigger", "build-trigger", SigstoreOid.BUILD_TRIGGER),
    RUN_INVOCATION_URI("RunInvocationURI", "run-invocation-uri", SigstoreOid.RUN_INVOCATION_URI),
    SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING("SourceRepositoryVisibilityAtSigning",
            "source-repository-visibility-at-signing", SigstoreOid.SOURCE_REPOSITORY_VISIBILITY_AT_SIGNING),
    DEPLOYMENT_ENVIRONMENT("DeploymentEnvironment", "deployment-environment", SigstoreOid.DEPLOYMENT_ENVIRONMENT),
    /** Accepted as Fulcio accepts it, but the subject always comes from the token. */
    SUBJECT("Subject", "subject", null);

    private final String jsonName;
    private final String yamlName;
    private final SigstoreOid oid;

    ExtensionTemplateKey(String jsonName, String yamlName, SigstoreOid oid) {
        this.jsonName = jsonName;
        this.yamlName = yamlName;
        this.oid = oid;
    }

    /** The extension this key fills; empty for the keys whose value always comes from the token. */
    Optional<SigstoreOid> oid() {
        return Optional.ofNullable(oid);
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
