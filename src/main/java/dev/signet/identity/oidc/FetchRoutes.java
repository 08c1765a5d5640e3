package dev.signet.identity.oidc;

import dev.signet.config.SignetConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides how each issuer document is fetched: which CAs are trusted, whether the host must be
 * public, and whether the pod's service-account token goes along. The in-cluster Kubernetes API
 * server (a static issuer whose URL equals {@code signet.oidc.kubernetes.issuer-url}) gets the
 * cluster CA and the token, the token only for requests to that exact origin; meta issuers never
 * get either, whatever their URL.
 */
final class FetchRoutes {

    private static final Logger LOG = Logger.getLogger(FetchRoutes.class);
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private final FetchClients clients;
    private final boolean allowPrivateAddresses;
    private final String inClusterIssuerUrl;
    private final Path clusterCaCert;
    private final Path serviceAccountToken;

    FetchRoutes(FetchClients clients, SignetConfig.Oidc oidc) {
        this.clients = clients;
        this.allowPrivateAddresses = oidc.allowPrivateAddresses();
        this.inClusterIssuerUrl = oidc.kubernetes().issuerUrl();
        this.clusterCaCert = oidc.kubernetes().caCert();
        this.serviceAccountToken = oidc.kubernetes().token();
    }

    /** The route for fetching {@code target} (discovery or JWKS) on behalf of {@code issuer}. */
    FetchRoute route(OidcIssuerSettings issuer, URI target) {
        boolean inCluster = isInCluster(issuer);
        List<String> trusted = new ArrayList<>();
        issuer.caCertPem().ifPresent(trusted::add);
        if (inCluster) {
            // Read per fetch: the files are small and a rotated CA or token must be picked up.
            readSmallFile(clusterCaCert, "cluster CA certificate").ifPresent(trusted::add);
        }
        Optional<FetchRoute.Bearer> bearer = Optional.empty();
        if (inCluster) {
            URI issuerUri = URI.create(issuer.issuerUrl());
            if (DocumentFetcher.sameOrigin(issuerUri, target)) {
                bearer = readSmallFile(serviceAccountToken, "service-account token")
                        .map(String::strip)
                        .filter(token -> !token.isEmpty() && token.chars().allMatch(c -> c > 0x20 && c < 0x7f))
                        .map(token -> new FetchRoute.Bearer(issuerUri, token));
            }
        }
        return new FetchRoute(clients.forTrust(trusted), issuer.meta(), issuer.meta() && !allowPrivateAddresses,
                bearer);
    }

    private boolean isInCluster(OidcIssuerSettings issuer) {
        if (issuer.meta() || !issuer.issuerUrl().equals(inClusterIssuerUrl)) {
            return false;
        }
        try {
            URI uri = new URI(issuer.issuerUrl());
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Optional<String> readSmallFile(Path file, String what) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
                LOG.debugf("No usable %s at %s", what, file);
                return Optional.empty();
            }
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Cannot read %s at %s: %s", what, file, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
