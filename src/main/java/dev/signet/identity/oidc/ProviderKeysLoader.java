package dev.signet.identity.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.error.ErrorKind;
import dev.signet.error.SignetException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * OIDC discovery followed by the JWKS fetch: from an issuer URL to its verification keys. The
 * discovery document must name exactly the configured issuer, and its {@code jwks_uri} may use
 * plain http only when the issuer itself does. A meta issuer (URL taken from an unverified token)
 * must use https and keep its {@code jwks_uri} on its own origin: an attacker-chosen discovery
 * document must not point Signet at any other host.
 */
class ProviderKeysLoader {

    static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

    private final DocumentFetcher fetcher;
    private final FetchRoutes routes;

    ProviderKeysLoader(DocumentFetcher fetcher, FetchRoutes routes) {
        this.fetcher = fetcher;
        this.routes = routes;
    }

    /**
     * @throws SignetException {@link ErrorKind#IDENTITY_PROVIDER_UNAVAILABLE} when a fetch fails for
     *     network reasons; {@link ErrorKind#INVALID_IDENTITY_TOKEN} when a document is unacceptable
     */
    ProviderKeys load(OidcIssuerSettings settings) {
        String issuerUrl = settings.issuerUrl();
        URI issuer = httpUri(issuerUrl, "issuer URL");
        if (settings.meta() && !"https".equalsIgnoreCase(issuer.getScheme())) {
            throw invalid("meta issuer URL does not use https");
        }
        String base = issuerUrl.endsWith("/") ? issuerUrl.substring(0, issuerUrl.length() - 1) : issuerUrl;
        URI discoveryUrl = httpUri(base + DISCOVERY_PATH, "discovery URL");

        URI jwksUri = jwksUri(fetcher.fetch(discoveryUrl, routes.route(settings, discoveryUrl)), issuerUrl);
        if (settings.meta() && !DocumentFetcher.sameOrigin(issuer, jwksUri)) {
            throw invalid("jwks_uri of a meta issuer is not on the issuer's scheme, host and port");
        }
        return JwksParser.parse(fetcher.fetch(jwksUri, routes.route(settings, jwksUri)));
    }

    /**
     * The {@code jwks_uri} of a discovery document, checked: the document must name exactly
     * {@code issuerUrl}, and the URI must be http(s) with a host, no credentials, and http only for
     * an http issuer.
     *
     * @throws SignetException {@link ErrorKind#INVALID_IDENTITY_TOKEN} for anything else
     */
    static URI jwksUri(byte[] discoveryDocument, String issuerUrl) {
        URI issuer = httpUri(issuerUrl, "issuer URL");
        JsonNode discovery;
        try {
            discovery = BoundedJson.DOCUMENT.readObject(discoveryDocument);
        } catch (IOException | RuntimeException e) {
            throw invalid("discovery document is not an acceptable JSON object: " + e.getClass().getSimpleName());
        }
        JsonNode announced = discovery.get("issuer");
        if (announced == null || !announced.isTextual() || !announced.textValue().equals(issuerUrl)) {
            throw invalid("discovery document names a different issuer than " + issuerUrl);
        }
        JsonNode jwksNode = discovery.get("jwks_uri");
        if (jwksNode == null || !jwksNode.isTextual()) {
            throw invalid("discovery document has no jwks_uri");
        }
        URI jwksUri = httpUri(jwksNode.textValue(), "jwks_uri");
        if ("http".equalsIgnoreCase(jwksUri.getScheme()) && !"http".equalsIgnoreCase(issuer.getScheme())) {
            throw invalid("jwks_uri uses http for an https issuer");
        }
        return jwksUri;
    }

    private static URI httpUri(String value, String what) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(what + " is not a valid URI");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
            throw invalid(what + " is not an http(s) URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawUserInfo() != null) {
            throw invalid(what + " has no host or carries credentials");
        }
        return uri;
    }

    private static SignetException invalid(String detail) {
        return new SignetException(ErrorKind.INVALID_IDENTITY_TOKEN, detail);
    }
}
