package dev.signet.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keeps the labels of Micrometer's HTTP server meters bounded. Quarkus labels a request with its
 * route template when one matched and 404s with {@code NOT_FOUND}, but an unmatched request that
 * ends otherwise (a reset connection, a gRPC call to an unknown service) carries its raw path, and
 * the method label takes any token a client sends. Here {@code uri} keeps only known route
 * templates (JAX-RS, with parameter regexes dropped, and gRPC {@code /service/method} paths) and
 * Quarkus' fixed values, anything else becomes {@value #UNMATCHED}; {@code method} keeps the
 * standard methods, anything else becomes {@value #OTHER_METHOD}.
 */
public final class HttpServerLabels implements MeterFilter {
    /** The {@code uri} label of a request that matched no known route. */
    public static final String UNMATCHED = "UNMATCHED";
    /** The {@code method} label of a non-standard HTTP method. */
    public static final String OTHER_METHOD = "OTHER";

    private static final String PREFIX = "http.server.";
    private static final Set<String> FIXED_URIS =
            Set.of("NOT_FOUND", "REDIRECTION", "root", "UNKNOWN", "/cors-preflight");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
            "TRACE", "CONNECT");

    private final Supplier<Map<String, String>> knownRoutes;
    private volatile Map<String, String> routes;

    /**
     * @param knownRoutes the label of every known route, keyed by the path or template Quarkus
     *     reports for it; asked once, on the first HTTP meter (after the application has started)
     */
    public HttpServerLabels(Supplier<Map<String, String>> knownRoutes) {
        this.knownRoutes = knownRoutes;
    }

    /** Known routes from JAX-RS templates as written (Quarkus reports them so) and gRPC method paths. */
    public static Map<String, String> routeLabels(Collection<String> jaxRsTemplates,
            Collection<String> grpcFullMethodNames) {
        Map<String, String> labels = new HashMap<>();
        for (String template : jaxRsTemplates) {
            labels.put(template, RouteTemplates.plain(template));
        }
        for (String name : grpcFullMethodNames) {
            labels.put("/" + name, "/" + name);
        }
        return Map.copyOf(labels);
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith(PREFIX)) {
            return id;
        }
        String uri = id.getTag("uri");
        String method = id.getTag("method");
        if (uri == null && method == null) {
            return id;
        }
        List<Tag> tags = new ArrayList<>();
        for (Tag tag : id.getTagsAsIterable()) {
            switch (tag.getKey()) {
                case "uri" -> tags.add(Tag.of("uri", uriLabel(tag.getValue())));
                case "method" -> tags.add(Tag.of("method", methodLabel(tag.getValue())));
                default -> tags.add(tag);
            }
        }
        return id.replaceTags(tags);
    }

    String uriLabel(String uri) {
        if (FIXED_URIS.contains(uri)) {
            return uri;
        }
        return routes().getOrDefault(uri, UNMATCHED);
    }

    static String methodLabel(String method) {
        return METHODS.contains(method) ? method : OTHER_METHOD;
    }

    private Map<String, String> routes() {
        Map<String, String> known = routes;
        if (known == null) {
            synchronized (this) {
                if (routes == null) {
                    routes = knownRoutes.get();
                }
                known = routes;
            }
        }
        return known;
    }
}
