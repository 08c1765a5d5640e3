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
    public static final String FIRST = "reloadable.first";
    public static final String SECOND = "reloadable.second";
    public static final String IDENTITY = "reloadable.identity";
    public static final String POLICY = "reloadable.policy";

    private TestOidcIssuer first;
    private TestOidcIssuer second;
    private Path identity;
    private Path policy;

    @Override
    public Map<String, String> start() {
        first = new TestOidcIssuer().start();
        second = new TestOidcIssuer().start();
        try {
            Path dir = Files.createTempDirectory("signet-reload");
            identity = dir.resolve("identity.json");
            policy = dir.resolve("policy.yaml");
            writeIdentity(identity, first);
            replace(policy, "issuers:\n  " + first.url() + ":\n    - name: example.com staff\n"
                    + "      claim: email\n      email-domain: [example.com]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("signet.identity.config", identity.toString(),
                "signet.policy.config", policy.toString(),
                "signet.identity.reload-interval", "200ms");
    }

    /** Rewrites the identity file (the {@link #IDENTITY} fixture) to trust exactly these issuers (email type). */
    public static void writeIdentity(Path identity, TestOidcIssuer... issuers) {
        StringBuilder json = new StringBuilder("{\"OIDCIssuers\":{");
        for (int i = 0; i < issuers.length; i++) {
            String url = issuers[i].url();
            json.append(i == 0 ? "" : ",").append('"').append(url).append("\":{\"IssuerURL\":\"").append(url)
                    .append("\",\"ClientID\":\"sigstore\",\"Type\":\"email\"}");
        }
        replace(identity, json.append("}}").toString());
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
    public void inject(TestInjector injector) {
        Fixtures.inject(injector, Map.of(FIRST, first, SECOND, second, IDENTITY, identity, POLICY, policy));
    }

    @Override
    public void stop() {
        first.close();
        second.close();
    }
}
