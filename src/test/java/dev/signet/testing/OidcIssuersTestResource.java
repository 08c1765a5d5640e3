package dev.signet.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts real OIDC issuers on 127.0.0.1 for {@code @QuarkusTest}s and points Signet's identity file
 * at them: {@link #ISSUER}, a well-behaved email issuer; {@link #REDIRECTING}, whose discovery
 * redirects to {@link #ELSEWHERE}, another host that must never be asked. A test receives them in
 * {@link Fixture} fields of type {@link TestOidcIssuer} named by these constants.
 */
public class OidcIssuersTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String ISSUER = "oidc.issuer";
    public static final String REDIRECTING = "oidc.redirecting";
    public static final String ELSEWHERE = "oidc.elsewhere";

    private TestOidcIssuer issuer;
    private TestOidcIssuer redirecting;
    private TestOidcIssuer elsewhere;
    private Path identityFile;

    @Override
    public Map<String, String> start() {
        issuer = new TestOidcIssuer().start();
        redirecting = new TestOidcIssuer().start();
        elsewhere = new TestOidcIssuer().start();
        redirecting.redirectDiscoveryTo(elsewhere.url() + TestOidcIssuer.DISCOVERY_PATH);
        String json = "{\"OIDCIssuers\":{"
                + entry(issuer.url()) + "," + entry(redirecting.url()) + "}}";
        try {
            identityFile = Files.createTempFile("signet-identity", ".json");
            Files.writeString(identityFile, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "signet.identity.config", identityFile.toString(),
                "signet.oidc.fetch-timeout", "2s",
                "signet.oidc.min-refresh-interval", "1s");
    }

    private static String entry(String url) {
        return "\"" + url + "\":{\"IssuerURL\":\"" + url + "\",\"ClientID\":\"sigstore\",\"Type\":\"email\"}";
    }

    @Override
    public void inject(TestInjector injector) {
        Fixtures.inject(injector, Map.of(ISSUER, issuer, REDIRECTING, redirecting, ELSEWHERE, elsewhere));
    }

    @Override
    public void stop() {
        issuer.close();
        redirecting.close();
        elsewhere.close();
        try {
            Files.deleteIfExists(identityFile);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
