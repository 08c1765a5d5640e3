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
 * An identity file with one static issuer ({@link #STATIC}, plain http on 127.0.0.1) and two meta
 * issuers: {@link #PATTERN}, which matches {@link #META} (HTTPS on {@code localhost}, trusted through
 * its {@code CACert}), then the EKS pattern. Private addresses are allowed, so the loopback meta
 * issuer can be reached.
 */
public class MetaIssuersTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String PATTERN = "https://localhost:*";
    public static final String EKS = "https://oidc.eks.*.amazonaws.com/id/*";
    public static final String STATIC = "meta.staticIssuer";
    public static final String META = "meta.meta";

    private TestOidcIssuer staticIssuer;
    private TestOidcIssuer meta;

    private Path identityFile;

    @Override
    public Map<String, String> start() {
        staticIssuer = new TestOidcIssuer().start();
        meta = new TestOidcIssuer().startTls().urlHost("localhost");
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode fixed = root.putObject("OIDCIssuers").putObject(staticIssuer.url());
        fixed.put("IssuerURL", staticIssuer.url()).put("ClientID", "sigstore").put("Type", "email");
        ObjectNode metas = root.putObject("MetaIssuers");
        metas.putObject(PATTERN).put("ClientID", "sigstore").put("Type", "email").put("CACert", meta.caCertPem());
        metas.putObject(EKS).put("ClientID", "sigstore").put("Type", "email");
        try {
            identityFile = Files.createTempFile("signet-meta-identity", ".json");
            Files.writeString(identityFile, root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "signet.identity.config", identityFile.toString(),
                "signet.oidc.allow-private-addresses", "true",
                // The first TLS handshake of a cold JVM on a busy 2-core machine can take seconds.
                "signet.oidc.fetch-timeout", "10s");
    }

    @Override
    public void inject(TestInjector injector) {
        Fixtures.inject(injector, Map.of(STATIC, staticIssuer, META, meta));
    }

    @Override
    public void stop() {
        staticIssuer.close();
        meta.close();
        try {
            Files.deleteIfExists(identityFile);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
