package dev.signet.identity;

import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Starts one real OIDC issuer per CI identity type on 127.0.0.1, and one per shipped CI sample
 * ({@code config/forgejo-actions.yaml}, {@code config/jenkins-oidc.yaml}, their issuer entry and
 * metadata taken as written, only the issuer URL replaced), and writes a Fulcio-format identity
 * file (YAML keys) trusting each, for {@link CiIdentityTypesApiTest}.
 */
public class CiIssuersTestResource implements QuarkusTestResourceLifecycleManager {
    /** Running issuers by the {@code Type} they are configured with, or a sample's {@code CIProvider} name. */
    public static final Map<String, TestOidcIssuer> ISSUERS = new LinkedHashMap<>();

    private static final String[] TYPES = {"github-workflow", "gitlab-pipeline", "buildkite-job",
            "codefresh-workflow", "chainguard-identity"};
    private static final String[] SAMPLES = {"config/forgejo-actions.yaml", "config/jenkins-oidc.yaml"};

    private Path identityFile;

    @Override
    public Map<String, String> start() {
        Map<String, Object> issuers = new LinkedHashMap<>();
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (String type : TYPES) {
            TestOidcIssuer issuer = new TestOidcIssuer().start();
            ISSUERS.put(type, issuer);
            issuers.put(issuer.url(), Map.of("issuer-url", issuer.url(), "client-id", "sigstore", "type", type));
        }
        for (String sample : SAMPLES) {
            Map<String, Object> file = read(sample);
            for (Object entry : section(file, "oidc-issuers").values()) {
                Map<String, Object> configured = new LinkedHashMap<>(cast(entry));
                TestOidcIssuer issuer = new TestOidcIssuer().start();
                ISSUERS.put((String) configured.get("ci-provider"), issuer);
                configured.put("issuer-url", issuer.url());
                issuers.put(issuer.url(), configured);
            }
            metadata.putAll(section(file, "ci-issuer-metadata"));
        }
        DumperOptions block = new DumperOptions();
        block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try {
            identityFile = Files.createTempFile("signet-ci-identity", ".yaml");
            Files.writeString(identityFile, new Yaml(block).dump(Map.of("oidc-issuers", issuers,
                    "ci-issuer-metadata", metadata)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("signet.identity.config", identityFile.toString(), "signet.oidc.fetch-timeout", "2s");
    }

    private static Map<String, Object> read(String sample) {
        try {
            return cast(new Yaml().load(Files.readString(Path.of(sample))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> section(Map<String, Object> file, String key) {
        return cast(file.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    @Override
    public void stop() {
        ISSUERS.values().forEach(TestOidcIssuer::close);
        ISSUERS.clear();
        try {
            Files.deleteIfExists(identityFile);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
