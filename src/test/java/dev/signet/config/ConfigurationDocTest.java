package dev.signet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.WithName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md cannot drift from {@link SignetConfig}: every property the mapping defines
 * has a row, and every {@code signet.*} row names a property that exists.
 */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("docs/configuration.md");
    /** A table row's first cell: {@code | `signet.x.y` |}. */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(signet\\.[a-z0-9.-]+)` \\|");

    @Test
    void everySignetPropertyHasARowWithDefaultAndFulcioFlag() throws IOException {
        String doc = Files.readString(DOC);
        Set<String> properties = properties();
        assertTrue(properties.size() > 40, "the walk found the mapping's properties: " + properties);
        List<String> missing = properties.stream().filter(name -> !doc.contains("| `" + name + "` |")).toList();
        assertEquals(List.of(), missing, "properties without a row in " + DOC);

        for (String line : doc.lines().filter(l -> ROW.matcher(l).find()).toList()) {
            // | property | default | Fulcio flag | meaning |
            assertEquals(5, line.split("(?<!\\\\)\\|", -1).length - 1, "four cells: " + line);
        }
    }

    @Test
    void everyDocumentedSignetPropertyExists() throws IOException {
        Set<String> properties = properties();
        Matcher rows = ROW.matcher(Files.readString(DOC));
        List<String> unknown = new ArrayList<>();
        while (rows.find()) {
            if (!properties.contains(rows.group(1))) {
                unknown.add(rows.group(1));
            }
        }
        assertEquals(List.of(), unknown, "rows in " + DOC + " for properties SignetConfig does not define");
    }

    @Test
    void namesFollowSmallRyesKebabCase() {
        assertEquals("client-signing-algorithms", kebab("clientSigningAlgorithms"));
        assertTrue(properties().contains("signet.oidc.kubernetes.ca-cert"));
        assertTrue(properties().contains("signet.rate-limit.address.burst"));
    }

    static Set<String> properties() {
        Set<String> names = new TreeSet<>();
        collect(SignetConfig.class, "signet", names);
        return names;
    }

    private static void collect(Class<?> group, String prefix, Set<String> out) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            WithName renamed = method.getAnnotation(WithName.class);
            String name = prefix + "." + (renamed != null ? renamed.value() : kebab(method.getName()));
            Class<?> nested = groupType(method.getGenericReturnType());
            if (nested != null) {
                collect(nested, name, out);
            } else {
                out.add(name);
            }
        }
    }

    /** The interface of a property group (directly or inside Optional), or null for a leaf value. */
    private static Class<?> groupType(Type type) {
        if (type instanceof Class<?> cls) {
            return cls.isInterface() && cls.getName().startsWith("dev.signet.") ? cls : null;
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Optional.class) {
            return groupType(parameterized.getActualTypeArguments()[0]);
        }
        return null;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
