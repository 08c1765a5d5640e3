package dev.signet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.signet.metrics.RouteTemplates;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written OpenAPI document cannot drift from the code: every JAX-RS route of the
 * application (found by scanning the compiled classes for {@code @Path}) is in it, it names no route
 * that does not exist, and every {@code $ref} resolves.
 */
class OpenApiDocumentTest {
    private static JsonNode document;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/META-INF/openapi.yaml")) {
            assertNotNull(in, "META-INF/openapi.yaml on the classpath");
            document = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    static List<Class<?>> resourceClasses() throws IOException, URISyntaxException {
        java.nio.file.Path root = java.nio.file.Path.of(
                SigningCertResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> resources = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '.');
                name = name.substring(0, name.length() - ".class".length());
                try {
                    Class<?> type = Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
                    if (type.isAnnotationPresent(Path.class)) {
                        resources.add(type);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // generated or optional classes that cannot load here hold no JAX-RS resources
                }
            }
        }
        return resources;
    }

    @Test
    void everyRouteIsDocumentedAndNothingElse() throws Exception {
        List<Class<?>> resources = resourceClasses();
        assertTrue(resources.contains(SigningCertResource.class) && resources.size() >= 6, resources.toString());
        Set<String> inCode = new TreeSet<>();
        for (RouteTemplates.Route route : RouteTemplates.routes(resources)) {
            inCode.add(route.method().toLowerCase(Locale.ROOT) + " " + route.plainTemplate());
        }
        Set<String> documented = new TreeSet<>();
        document.get("paths").fields()
                .forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                    if (Set.of("get", "post", "put", "delete", "patch", "head", "options").contains(method)) {
                        documented.add(method + " " + path.getKey());
                    }
                }));
        Set<String> missing = new TreeSet<>(inCode);
        missing.removeAll(documented);
        Set<String> stale = new TreeSet<>(documented);
        stale.removeAll(inCode);
        assertEquals(Set.of(), missing, "routes missing from META-INF/openapi.yaml");
        assertEquals(Set.of(), stale, "documented routes the code does not have");
    }

    @Test
    void everyOperationDocumentsItsErrorsAndEveryReferenceResolves() {
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode responses = op.getValue().get("responses");
            assertNotNull(responses, op.getKey() + " " + path.getKey());
            boolean hasError = false;
            for (var codes = responses.fieldNames(); codes.hasNext();) {
                hasError |= codes.next().matches("[45]\\d\\d");
            }
            assertTrue(hasError, "an error answer for " + op.getKey() + " " + path.getKey());
        }));
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), ref);
            assertFalse(document.at(ref.substring(1)).isMissingNode(), "unresolved " + ref);
        }
    }

    @Test
    void errorBodyIsFulciosShape() {
        JsonNode error = document.at("/components/schemas/ErrorBody/properties");
        assertEquals(Set.of("code", "message", "details"), fieldNames(error));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
