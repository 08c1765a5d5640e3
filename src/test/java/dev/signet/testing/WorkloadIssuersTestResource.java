package dev.signet.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts one real OIDC issuer per workload identity type on 127.0.0.1 and writes a Fulcio-format
 * identity file trusting them: {@link #KUBERNETES}, {@link #SPIFFE} (trust domain
 * {@link #TRUST_DOMAIN}), {@link #URI} (SubjectDomain {@code http://127.0.0.1}) and {@link #USERNAME}
 * (SubjectDomain {@link #USERNAME_DOMAIN}).
 */
public class WorkloadIssuersTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String TRUST_DOMAIN = "example.org";
    public static final String URI_DOMAIN = "http://127.0.0.1";
    public static final String USERNAME_DOMAIN = "127.0.0.1";

    public static final String KUBERNETES = "workload.kubernetes";
    public static final String SPIFFE = "workload.spiffe";
    public static final String URI = "workload.uri";
    public static final String USERNAME = "workload.username";

    private TestOidcIssuer kubernetes;
    private TestOidcIssuer spiffe;
    private TestOidcIssuer uri;
    private TestOidcIssuer username;

    private Path identityFile;

    @Override
    public Map<String, String> start() {
        kubernetes = new TestOidcIssuer().start();
        spiffe = new TestOidcIssuer().start();
        uri = new TestOidcIssuer().start();
        username = new TestOidcIssuer().start();
        ObjectNode root = new ObjectMapper().createObjectNode();
        ObjectNode issuers = root.putObject("OIDCIssuers");
        issuer(issuers, kubernetes, "kubernetes");
        issuer(issuers, spiffe, "spiffe").put("SPIFFETrustDomain", TRUST_DOMAIN);
        issuer(issuers, uri, "uri").put("SubjectDomain", URI_DOMAIN);
        issuer(issuers, username, "username").put("SubjectDomain", USERNAME_DOMAIN);
        try {
            identityFile = Files.createTempFile("signet-workload-identity", ".json");
            Files.writeString(identityFile, root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("signet.identity.config", identityFile.toString(), "signet.oidc.fetch-timeout", "2s");
    }

    private static ObjectNode issuer(ObjectNode issuers, TestOidcIssuer issuer, String type) {
        ObjectNode node = issuers.putObject(issuer.url());
        node.put("IssuerURL", issuer.url());
        node.put("ClientID", TestOidcIssuer.DEFAULT_AUDIENCE);
        node.put("Type", type);
        return node;
    }

    @Override
    public void inject(TestInjector injector) {
        Fixtures.inject(injector, Map.of(KUBERNETES, kubernetes, SPIFFE, spiffe, URI, uri, USERNAME, username));
    }

    @Override
    public void stop() {
        kubernetes.close();
        spiffe.close();
        uri.close();
        username.close();
        try {
            Files.deleteIfExists(identityFile);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
