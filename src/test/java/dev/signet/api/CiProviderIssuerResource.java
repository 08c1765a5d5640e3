package dev.signet.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.testing.TestOidcIssuer;
import dev.signet.testing.Fixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts one OIDC issuer configured as a {@code ci-provider} issuer whose GitHub-like metadata is
 * written in the identity JSON with Fulcio's JSON keys.
 */
public class CiProviderIssuerResource implements QuarkusTestResourceLifecycleManager {
    public static final String ISSUER = "ciprovider.issuer";

    private TestOidcIssuer issuer;

    private Path identityFile;

    @Override
    public Map<String, String> start() {
        issuer = new TestOidcIssuer().start();
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode entry = root.putObject("OIDCIssuers").putObject(issuer.url());
        entry.put("IssuerURL", issuer.url());
        entry.put("ClientID", "sigstore");
        entry.put("Type", "ci-provider");
        entry.put("CIProvider", "github-workflow");
        ObjectNode metadata = root.putObject("CIIssuerMetadata").putObject("github-workflow");
        metadata.putObject("DefaultTemplateValues").put("url", "https://github.com").put("environment", "");
        ObjectNode templates = metadata.putObject("ExtensionTemplates");
        templates.put("GithubWorkflowTrigger", "event_name");
        templates.put("GithubWorkflowSHA", "sha");
        templates.put("GithubWorkflowName", "workflow");
        templates.put("GithubWorkflowRepository", "repository");
        templates.put("GithubWorkflowRef", "ref");
        templates.put("BuildSignerURI", "{{ .url }}/{{ .job_workflow_ref }}");
        templates.put("BuildSignerDigest", "job_workflow_sha");
        templates.put("RunnerEnvironment", "runner_environment");
        templates.put("SourceRepositoryURI", "{{ .url }}/{{ .repository }}");
        templates.put("SourceRepositoryDigest", "sha");
        templates.put("SourceRepositoryRef", "ref");
        templates.put("SourceRepositoryIdentifier", "repository_id");
        templates.put("SourceRepositoryOwnerURI", "{{ .url }}/{{ .repository_owner }}");
        templates.put("SourceRepositoryOwnerIdentifier", "repository_owner_id");
        templates.put("BuildConfigURI", "{{ .url }}/{{ .workflow_ref }}");
        templates.put("BuildConfigDigest", "workflow_sha");
        templates.put("BuildTrigger", "event_name");
        templates.put("RunInvocationURI",
                "{{ .url }}/{{ .repository }}/actions/runs/{{ .run_id }}/attempts/{{ .run_attempt }}");
        templates.put("SourceRepositoryVisibilityAtSigning", "repository_visibility");
        templates.put("DeploymentEnvironment", "environment");
        metadata.put("SubjectAlternativeNameTemplate", "{{ .url }}/{{ .job_workflow_ref }}");
        try {
            identityFile = Files.createTempFile("signet-identity-ci", ".json");
            Files.writeString(identityFile, root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "signet.identity.config", identityFile.toString(),
                "signet.oidc.fetch-timeout", "2s",
                "signet.oidc.min-refresh-interval", "1s");
    }

    @Override
    public void inject(TestInjector injector) {
        Fixtures.inject(injector, Map.of(ISSUER, issuer));
    }

    @Override
    public void stop() {
        issuer.close();
        try {
            Files.deleteIfExists(identityFile);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
