package dev.signet.metrics;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes of JAX-RS resource classes, read from their {@code @Path} and HTTP-method annotations:
 * the allow-list of {@code uri} labels and the list the OpenAPI document must cover.
 */
public final class RouteTemplates {
    private static final Map<Class<? extends Annotation>, String> METHODS = Map.of(
            GET.class, "GET", POST.class, "POST", PUT.class, "PUT", DELETE.class, "DELETE",
            HEAD.class, "HEAD", OPTIONS.class, "OPTIONS", PATCH.class, "PATCH");
    // "{name: regex}" as written in @Path; the regex may itself contain braces, e.g. {n: \d{3}}
    private static final Pattern PARAMETER = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::(?:[^{}]|\\{[^{}]*\\})*)?}");

    private RouteTemplates() {
    }

    /** One HTTP method on one path template, as written in the annotations (parameter regexes kept). */
    public record Route(String method, String template) {
        /** The template with parameter regexes dropped: {@code /log/tile/{path: .+}} becomes {@code /log/tile/{path}}. */
        public String plainTemplate() {
            return plain(template);
        }
    }

    /** Every resource method of these classes; sub-resource locators (no HTTP method) are not followed. */
    public static List<Route> routes(Collection<Class<?>> resourceClasses) {
        List<Route> routes = new ArrayList<>();
        for (Class<?> type : resourceClasses) {
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod == null) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                routes.add(
                        new Route(httpMethod, join(classPath.value(), methodPath == null ? "" : methodPath.value())));
            }
        }
        routes.sort(Comparator.comparing(Route::template).thenComparing(Route::method));
        return routes;
    }

    /** Drops parameter regexes from a template. */
    public static String plain(String template) {
        Matcher matcher = PARAMETER.matcher(template);
        return matcher.replaceAll(match -> Matcher.quoteReplacement("{" + match.group(1) + "}"));
    }

    private static String httpMethod(Method method) {
        for (Map.Entry<Class<? extends Annotation>, String> entry : METHODS.entrySet()) {
            if (method.isAnnotationPresent(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Joins as JAX-RS does: one slash between the parts, a leading slash, no trailing slash. */
    static String join(String classPath, String methodPath) {
        String joined = "/" + classPath + "/" + methodPath;
        joined = joined.replaceAll("/{2,}", "/");
        if (joined.length() > 1 && joined.endsWith("/")) {
            joined = joined.substring(0, joined.length() - 1);
        }
        return joined;
    }
}
