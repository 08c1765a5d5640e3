package dev.signet.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The one place Signet's own public URL comes from: {@code signet.public-url} when set (checked at
 * startup), otherwise the configured HTTP host and port. Never a request's {@code Host} header: an
 * answer built from it can be cached and hand other clients an attacker's host.
 */
@ApplicationScoped
@Startup
public class PublicUrl {
    static final String PROPERTY = "signet.public-url";

    private final Optional<String> configured;

    @Inject
    public PublicUrl(SignetConfig config) {
        this(config.publicUrl());
    }

    PublicUrl(Optional<String> configured) {
        this.configured = configured.map(PublicUrl::validated);
    }

    /** The base URL, without a trailing slash, e.g. {@code https://signet.example.com}. */
    public String base() {
        return configured.orElseGet(PublicUrl::listener);
    }

    /** Whether {@code signet.public-url} is set (else {@link #base()} is the listener's address). */
    public boolean isConfigured() {
        return configured.isPresent();
    }

    /**
     * An absolute http(s) URL with a host and neither user info, query nor fragment; trailing
     * slashes are dropped so {@code base() + "/path"} is well-formed.
     *
     * @throws IllegalArgumentException naming the property, so startup fails with the reason
     */
    static String validated(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw invalid(value, "not a URI");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
            throw invalid(value, "not an absolute http(s) URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid(value, "no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(value, "user info, a query or a fragment is not allowed");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return scheme.toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority() + path;
    }

    /**
     * {@code http://<quarkus.http.host>:<port>}; a wildcard host (listening on every address) is
     * named {@code localhost}, since a wildcard address cannot be connected to.
     */
    static String listener() {
        String host =
                ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class).orElse("localhost");
        return listener(host, httpPort());
    }

    static String listener(String host, int port) {
        String named = host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")
                ? "localhost" : host;
        if (named.indexOf(':') >= 0 && !named.startsWith("[")) {
            named = "[" + named + "]"; // an IPv6 literal
        }
        return "http://" + named + ":" + port;
    }

    /** The HTTP port Signet listens on (in tests, the random port it was given). */
    public static int httpPort() {
        String property = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        return ConfigProvider.getConfig().getOptionalValue(property, Integer.class).orElse(5555);
    }

    private static IllegalArgumentException invalid(String value, String reason) {
        return new IllegalArgumentException(PROPERTY + "=" + value + " is invalid: " + reason
                + "; expected an absolute http(s) URL such as https://signet.example.com");
    }
}
