package dev.signet.identity;

import dev.signet.testing.TestOidcIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Starts one real OIDC issuer per CI identity type on 127.0.0.1 and writes a Fulcio-format identity
 * file trusting each with its type, for {@link CiIdentityTypesApiTest}.
 */
public class CiIssuersTestResource implements QuarkusTestResourceLifecycleManager {
    /** Running issuers by the {@code Type} they are configured with. */
    public static final Map<String, TestOidcIssuer> ISSUERS = new LinkedHashMap<>();

    private static final String[] TYPES = {"github-workflow", "gitlab-pipeline", "buildkite-job",
        "codefresh-workflow", "chainguard-identity"};

    private Path identityFile;

    @Override
    public Map<String, String> start() {
        StringJoiner entries = new StringJoiner(",", "{\"OIDCIssuers\":{", "}}");
        for (String type : TYPES) {
            TestOidcIssuer issuer = new TestOidcIssuer().start();
            ISSUERS.put(type, issuer);
            entries.add("\"" + issuer.url() + "\":{\"IssuerURL\":\"" + issuer.url()
                    + "\",\"ClientID\":\"sigstore\",\"Type\":\"" + type + "\"}");
        }
        try {
            identityFile = Files.createTempFile("signet-ci-identity", ".json");
            Files.writeString(identityFile, entries.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("signet.identity.config", identityFile.toString(), "signet.oidc.fetch-timeout", "2s");
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
