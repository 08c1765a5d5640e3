package dev.signet.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Two loopback issuers, an identity file naming only the {@link #FIRST}, and a policy file, both
 * re-read every 200 ms, for tests that change the files under a running Signet.
 */
public class ReloadableIdentityResource implements QuarkusTestResourceLifecycleManager {
    public static volatile TestOidcIssuer FIRST;
    public static volatile TestOidcIssuer SECOND;
    public static volatile Path IDENTITY;
    public static volatile Path POLICY;

    @Override
    public Map<String, String> start() {
        FIRST = new TestOidcIssuer().start();
        SECOND = new TestOidcIssuer().start();
        try {
            Path dir = Files.createTempDirectory("signet-reload");
            IDENTITY = dir.resolve("identity.json");
            POLICY = dir.resolve("policy.yaml");
            writeIdentity(FIRST);
            replace(POLICY, "issuers:\n  " + FIRST.url() + ":\n    - name: example.com staff\n"
                    + "      claim: email\n      email-domain: [example.com]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("signet.identity.config", IDENTITY.toString(),
                "signet.policy.config", POLICY.toString(),
                "signet.identity.reload-interval", "200ms");
    }

    /** Rewrites the identity file to trust exactly these issuers (email type). */
    public static void writeIdentity(TestOidcIssuer... issuers) {
        StringBuilder json = new StringBuilder("{\"OIDCIssuers\":{");
        for (int i = 0; i < issuers.length; i++) {
            String url = issuers[i].url();
            json.append(i == 0 ? "" : ",").append('"').append(url).append("\":{\"IssuerURL\":\"").append(url)
                    .append("\",\"ClientID\":\"sigstore\",\"Type\":\"email\"}");
        }
        replace(IDENTITY, json.append("}}").toString());
    }

    /** Replaces a file as an operator's tooling would: write aside, then rename over. */
    public static void replace(Path file, String content) {
        try {
            Path temp = Files.createTempFile(file.getParent(), "next", ".tmp");
            Files.writeString(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        FIRST.close();
        SECOND.close();
    }
}
