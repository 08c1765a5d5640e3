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
 * redirects to {@link #ELSEWHERE}, another host that must never be asked.
 */
public class OidcIssuersTestResource implements QuarkusTestResourceLifecycleManager {
    public static volatile TestOidcIssuer ISSUER;
    public static volatile TestOidcIssuer REDIRECTING;
    public static volatile TestOidcIssuer ELSEWHERE;

    private Path identityFile;

    @Override
    public Map<String, String> start() {
        ISSUER = new TestOidcIssuer().start();
        REDIRECTING = new TestOidcIssuer().start();
        ELSEWHERE = new TestOidcIssuer().start();
        REDIRECTING.redirectDiscoveryTo(ELSEWHERE.url() + TestOidcIssuer.DISCOVERY_PATH);
        String json = "{\"OIDCIssuers\":{"
                + entry(ISSUER.url()) + "," + entry(REDIRECTING.url()) + "}}";
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
    public void stop() {
        ISSUER.close();
        REDIRECTING.close();
        ELSEWHERE.close();
        try {
            Files.deleteIfExists(identityFile);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
